namespace OpenFineTune.Engine.Templates.Syntax;

/// <summary>The block statements: if, for, set (incl. block set and namespace attributes), macro, call, filter,
/// break/continue (transformers enables loopcontrols) and {% generation %}.</summary>
sealed partial class Parser
{
    Node Statement()
    {
        var token = Current;
        if (token.Kind != TokenKind.Name) throw Error(token, $"expected a statement name, got {token.Describe()}");
        Advance();
        return token.Text switch
        {
            "if" => If(token.Position),
            "for" => For(token.Position),
            "set" => Set(token.Position),
            "macro" => Macro(token.Position),
            "call" => CallBlock(token.Position),
            "filter" => FilterBlock(token.Position),
            "break" => Simple(new BreakNode(token.Position)),
            "continue" => Simple(new ContinueNode(token.Position)),
            "generation" => Generation(token.Position),
            _ => throw Error(token, $"unknown tag '{token.Text}'"),
        };
    }

    Node Simple(Node node)
    {
        EndBlock();
        return node;
    }

    Node If(int position)
    {
        var branches = new List<KeyValuePair<Expr, List<Node>>>();
        var condition = Expression();
        while (true)
        {
            EndBlock();
            var body = Body(["elif", "else", "endif"], out var end);
            branches.Add(new(condition, body));
            if (end == "elif") { condition = Expression(); continue; }
            if (end == "endif") { EndBlock(); return new IfNode(position, branches, []); }
            EndBlock();
            var elseBody = Body(["endif"], out _);
            EndBlock();
            return new IfNode(position, branches, elseBody);
        }
    }

    Node For(int position)
    {
        var targets = new List<string> { ExpectName("a loop variable name") };
        while (Current.IsOperator(",")) { Advance(); targets.Add(ExpectName("a loop variable name")); }
        Expect(TokenKind.Name, "in", "'in'");
        var iterable = Ternary(allowCondition: false);
        Expr? filter = null;
        if (Current.IsName("if")) { Advance(); filter = Expression(); }
        if (Current.IsName("recursive")) throw Error(Current, "recursive loops are not supported");
        EndBlock();
        var body = Body(["else", "endfor"], out var end);
        List<Node> elseBody = [];
        if (end == "else") { EndBlock(); elseBody = Body(["endfor"], out _); }
        EndBlock();
        return new ForNode(position, targets, iterable, filter, body, elseBody);
    }

    Node Set(int position)
    {
        var target = AssignTarget();
        if (Current.IsOperator("="))
        {
            Advance();
            var value = ExpressionOrTuple();
            EndBlock();
            return new SetNode(position, target, value);
        }
        if (target is not NameRef name) throw Error(Current, "expected '=' after the set target");
        EndBlock();
        var body = Body(["endset"], out _);
        EndBlock();
        return new SetBlockNode(position, name.Name, body);
    }

    Expr AssignTarget()
    {
        var first = Current;
        var name = ExpectName("a variable name");
        if (Current.IsOperator("."))
        {
            Advance();
            return new GetAttr(first.Position, new NameRef(first.Position, name), ExpectName("an attribute name"));
        }
        if (!Current.IsOperator(",")) return new NameRef(first.Position, name);
        var names = new List<Expr> { new NameRef(first.Position, name) };
        while (Current.IsOperator(",")) { Advance(); names.Add(new NameRef(Current.Position, ExpectName("a variable name"))); }
        return new TupleLiteral(first.Position, names);
    }

    Node Macro(int position)
    {
        var name = ExpectName("a macro name");
        var parameters = Parameters();
        EndBlock();
        var body = Body(["endmacro"], out _);
        EndBlock();
        return new MacroNode(position, name, parameters, body);
    }

    List<Parameter> Parameters()
    {
        var parameters = new List<Parameter>();
        Expect(TokenKind.Operator, "(", "'('");
        while (!Current.IsOperator(")"))
        {
            if (parameters.Count > 0) Expect(TokenKind.Operator, ",", "',' or ')'");
            var name = ExpectName("a parameter name");
            Expr? fallback = null;
            if (Current.IsOperator("=")) { Advance(); fallback = Expression(); }
            parameters.Add(new Parameter(name, fallback));
        }
        Advance();
        return parameters;
    }

    Node CallBlock(int position)
    {
        var callerParameters = Current.IsOperator("(") ? Parameters() : [];
        var call = Expression() as Call ?? throw Error(Current, "expected a macro call after 'call'");
        EndBlock();
        var body = Body(["endcall"], out _);
        EndBlock();
        return new CallBlockNode(position, call, callerParameters, body);
    }

    Node FilterBlock(int position)
    {
        Expr filter = FilterChain(null);
        EndBlock();
        var body = Body(["endfilter"], out _);
        EndBlock();
        return new FilterBlockNode(position, filter, body);
    }

    Node Generation(int position)
    {
        EndBlock();
        var body = Body(["endgeneration"], out _);
        EndBlock();
        return new BlockNode(position, body);
    }
}

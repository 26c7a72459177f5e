namespace OpenFineTune.Engine.Templates.Syntax;

/// <summary>Expressions, with Jinja2's precedence (loosest first): conditional, or, and, not, comparisons,
/// + -, ~, * / // %, **, unary minus, then primary with postfix and filters/tests.</summary>
sealed partial class Parser
{
    static readonly HashSet<string> CompareOperators = ["==", "!=", "<", ">", "<=", ">="];

    Expr Expression() => Ternary(allowCondition: true);

    Expr ExpressionOrTuple()
    {
        var first = Expression();
        if (!Current.IsOperator(",")) return first;
        var items = new List<Expr> { first };
        while (Current.IsOperator(",")) { Advance(); items.Add(Expression()); }
        return new TupleLiteral(first.Position, items);
    }

    Expr Ternary(bool allowCondition)
    {
        var value = Or();
        while (allowCondition && Current.IsName("if"))
        {
            Advance();
            var test = Or();
            Expr? otherwise = null;
            if (Current.IsName("else")) { Advance(); otherwise = Ternary(true); }
            value = new Conditional(value.Position, test, value, otherwise);
        }
        return value;
    }

    Expr Or() => LeftAssociative(And, t => t.IsName("or"));

    Expr And() => LeftAssociative(Not, t => t.IsName("and"));

    Expr Not()
    {
        if (!Current.IsName("not")) return Comparison();
        var at = Advance();
        return new Unary(at.Position, "not", Not());
    }

    Expr Comparison()
    {
        var first = Sum();
        var rest = new List<KeyValuePair<string, Expr>>();
        while (true)
        {
            if (Current.Kind == TokenKind.Operator && CompareOperators.Contains(Current.Text)) rest.Add(new(Advance().Text, Sum()));
            else if (Current.IsName("in")) { Advance(); rest.Add(new("in", Sum())); }
            else if (Current.IsName("not") && Peek().IsName("in")) { Advance(); Advance(); rest.Add(new("notin", Sum())); }
            else break;
        }
        return rest.Count == 0 ? first : new Compare(first.Position, first, rest);
    }

    Expr Sum() => LeftAssociative(Concat, t => t.IsOperator("+") || t.IsOperator("-"));

    Expr Concat() => LeftAssociative(Product, t => t.IsOperator("~"));

    Expr Product() => LeftAssociative(Power, t => t.Kind == TokenKind.Operator && t.Text is "*" or "/" or "//" or "%");

    Expr Power() => LeftAssociative(() => UnaryExpression(withFilter: true), t => t.IsOperator("**"));

    Expr LeftAssociative(Func<Expr> operand, Func<Token, bool> isOperator)
    {
        var left = operand();
        while (isOperator(Current))
        {
            var op = Advance();
            left = new Binary(op.Position, op.Text, left, operand());
        }
        return left;
    }

    Expr UnaryExpression(bool withFilter)
    {
        Expr node;
        if (Current.IsOperator("-") || Current.IsOperator("+"))
        {
            var op = Advance();
            node = new Unary(op.Position, op.Text, UnaryExpression(withFilter: false));
        }
        else node = Primary();
        node = Postfix(node);
        return withFilter ? FiltersAndTests(node) : node;
    }

    Expr FiltersAndTests(Expr node)
    {
        while (true)
        {
            if (Current.IsOperator("|")) node = FilterChain(node);
            else if (Current.IsName("is")) node = Test(node);
            else if (Current.IsOperator("(")) node = CallOn(node);
            else return node;
        }
    }

    Expr FilterChain(Expr? target)
    {
        var node = target;
        do
        {
            if (node is not null) Advance();
            var name = Expect(TokenKind.Name, null, "a filter name");
            var args = Current.IsOperator("(") ? CallArguments() : Arguments.None;
            node = new FilterCall(name.Position, node, name.Text, args);
        } while (Current.IsOperator("|"));
        return node;
    }

    Expr Test(Expr target)
    {
        Advance();
        var negated = false;
        if (Current.IsName("not")) { Advance(); negated = true; }
        var name = Expect(TokenKind.Name, null, "a test name");
        var args = Arguments.None;
        if (Current.IsOperator("(")) args = CallArguments();
        else if (StartsBareTestArgument(Current)) args = new Arguments([Postfix(Primary())], []);
        return new TestCall(name.Position, target, name.Text, args, negated);
    }

    static bool StartsBareTestArgument(Token t) =>
        t.Kind is TokenKind.String or TokenKind.Integer or TokenKind.Float
        || (t.Kind == TokenKind.Name && t.Text is not ("else" or "or" or "and"))
        || t.IsOperator("(") || t.IsOperator("[") || t.IsOperator("{");
}

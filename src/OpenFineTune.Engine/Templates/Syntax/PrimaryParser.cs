using System.Text;

namespace OpenFineTune.Engine.Templates.Syntax;

/// <summary>Literals, names, parenthesised expressions, and the postfix forms `.name`, `[index]`, `[a:b:c]`, `(args)`.</summary>
sealed partial class Parser
{
    Expr Primary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Name:
                Advance();
                return token.Text switch
                {
                    "true" or "True" => new Literal(token.Position, true),
                    "false" or "False" => new Literal(token.Position, false),
                    "none" or "None" => new Literal(token.Position, null),
                    _ => new NameRef(token.Position, token.Text),
                };
            case TokenKind.String:
                return AdjacentStrings();
            case TokenKind.Integer or TokenKind.Float:
                Advance();
                return new Literal(token.Position, token.Value);
            case TokenKind.Operator when token.Text == "(":
                return Parenthesised();
            case TokenKind.Operator when token.Text == "[":
                return new ListLiteral(token.Position, Sequence("]"));
            case TokenKind.Operator when token.Text == "{":
                return DictionaryLiteral();
            default:
                throw Error(token, $"expected an expression, got {token.Describe()}");
        }
    }

    Expr AdjacentStrings()
    {
        var start = Current.Position;
        var text = new StringBuilder();
        while (Current.Kind == TokenKind.String) text.Append((string)Advance().Value!);
        return new Literal(start, text.ToString());
    }

    Expr Parenthesised()
    {
        var open = Advance();
        if (Current.IsOperator(")")) { Advance(); return new TupleLiteral(open.Position, []); }
        var first = Expression();
        if (Current.IsOperator(")")) { Advance(); return first; }
        var items = new List<Expr> { first };
        while (Current.IsOperator(","))
        {
            Advance();
            if (Current.IsOperator(")")) break;
            items.Add(Expression());
        }
        Expect(TokenKind.Operator, ")", "')'");
        return new TupleLiteral(open.Position, items);
    }

    List<Expr> Sequence(string close)
    {
        Advance();
        var items = new List<Expr>();
        while (!Current.IsOperator(close))
        {
            if (items.Count > 0) Expect(TokenKind.Operator, ",", $"',' or '{close}'");
            if (Current.IsOperator(close)) break;
            items.Add(Expression());
        }
        Advance();
        return items;
    }

    Expr DictionaryLiteral()
    {
        var open = Advance();
        var items = new List<KeyValuePair<Expr, Expr>>();
        while (!Current.IsOperator("}"))
        {
            if (items.Count > 0) Expect(TokenKind.Operator, ",", "',' or '}'");
            if (Current.IsOperator("}")) break;
            var key = Expression();
            Expect(TokenKind.Operator, ":", "':' after a dict key");
            items.Add(new(key, Expression()));
        }
        Advance();
        return new DictLiteral(open.Position, items);
    }

    Expr Postfix(Expr node)
    {
        while (true)
        {
            if (Current.IsOperator(".")) node = Attribute(node);
            else if (Current.IsOperator("[")) node = Subscript(node);
            else if (Current.IsOperator("(")) node = CallOn(node);
            else return node;
        }
    }

    Expr Attribute(Expr target)
    {
        Advance();
        var name = Current;
        if (name.Kind == TokenKind.Integer) { Advance(); return new GetItem(name.Position, target, new Literal(name.Position, name.Value)); }
        return new GetAttr(name.Position, target, ExpectName("an attribute name after '.'"));
    }

    Expr Subscript(Expr target)
    {
        var open = Advance();
        Expr? start = Current.IsOperator(":") ? null : Expression();
        if (Current.IsOperator("]")) { Advance(); return new GetItem(open.Position, target, start!); }
        Expect(TokenKind.Operator, ":", "':' or ']'");
        Expr? stop = Current.IsOperator(":") || Current.IsOperator("]") ? null : Expression();
        Expr? step = null;
        if (Current.IsOperator(":"))
        {
            Advance();
            if (!Current.IsOperator("]")) step = Expression();
        }
        Expect(TokenKind.Operator, "]", "']'");
        return new Slice(open.Position, target, start, stop, step);
    }

    Expr CallOn(Expr callee) => new Call(Current.Position, callee, CallArguments());

    Arguments CallArguments()
    {
        Advance();
        var positional = new List<Expr>();
        var named = new List<KeyValuePair<string, Expr>>();
        Expr? star = null, doubleStar = null;
        while (!Current.IsOperator(")"))
        {
            if (positional.Count + named.Count > 0 || star is not null || doubleStar is not null) Expect(TokenKind.Operator, ",", "',' or ')'");
            if (Current.IsOperator(")")) break;
            if (Current.IsOperator("*")) { Advance(); star = Expression(); }
            else if (Current.IsOperator("**")) { Advance(); doubleStar = Expression(); }
            else if (Current.Kind == TokenKind.Name && Peek().IsOperator("="))
            {
                var name = Advance().Text;
                Advance();
                named.Add(new(name, Expression()));
            }
            else if (named.Count > 0) throw Error(Current, "positional argument after a keyword argument");
            else positional.Add(Expression());
        }
        Advance();
        return new Arguments(positional, named, star, doubleStar);
    }
}

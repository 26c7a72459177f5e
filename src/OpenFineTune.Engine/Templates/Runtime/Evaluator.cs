using OpenFineTune.Engine.Templates.Syntax;

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Expression evaluation. Every failure is re-thrown with the line and column of the innermost expression.</summary>
sealed partial class Renderer
{
    object? Eval(Expr expr, Scope scope) => Wrap(expr.Position, () => EvalCore(expr, scope));

    T Wrap<T>(int position, Func<T> evaluate)
    {
        try { return evaluate(); }
        catch (RenderError e) { throw source.Error(position, e.Message); }
        catch (RaisedByTemplate e)
        {
            var (line, column) = source.LineColumn(position);
            throw new TemplateRaisedException(e.Message, line, column);
        }
    }

    object? EvalCore(Expr expr, Scope scope) => expr switch
    {
        Literal literal => literal.Value,
        NameRef name => scope.TryGet(name.Name, out var value) ? value : Undefined.Name(name.Name),
        GetAttr attribute => Members.Attribute(Eval(attribute.Target, scope), attribute.Name),
        GetItem item => Members.Item(Eval(item.Target, scope), Eval(item.Index, scope)),
        Slice slice => Members.Slice(Eval(slice.Target, scope), Optional(slice.Start, scope), Optional(slice.Stop, scope), Optional(slice.Step, scope)),
        Call call => Invoke(Eval(call.Callee, scope), Arguments(call.Args, scope)),
        FilterCall filter => Filters.Apply(filter.Name, Eval(filter.Target!, scope), Arguments(filter.Args, scope)),
        TestCall test => Tests.Run(test.Name, Eval(test.Target, scope), Arguments(test.Args, scope)) != test.Negated,
        Unary unary => Unary(unary.Operator, Eval(unary.Operand, scope)),
        Binary { Operator: "and" } and => Eval(and.Left, scope) is var left && Values.IsTrue(left) ? Eval(and.Right, scope) : left,
        Binary { Operator: "or" } or => Eval(or.Left, scope) is var first && Values.IsTrue(first) ? first : Eval(or.Right, scope),
        Binary binary => Operators.Binary(binary.Operator, Eval(binary.Left, scope), Eval(binary.Right, scope)),
        Compare compare => CompareChain(compare, scope),
        Conditional conditional => Values.IsTrue(Eval(conditional.Test, scope)) ? Eval(conditional.Then, scope)
            : conditional.Else is null ? Undefined.Name("conditional expression without else") : Eval(conditional.Else, scope),
        ListLiteral list => list.Items.Select(i => Eval(i, scope)).ToList(),
        TupleLiteral tuple => new PyTuple(tuple.Items.Select(i => Eval(i, scope))),
        DictLiteral dict => Dict(dict, scope),
        _ => throw new RenderError($"cannot evaluate {expr.GetType().Name}"),
    };

    object? Optional(Expr? expr, Scope scope) => expr is null ? null : Eval(expr, scope);

    static object? Unary(string op, object? value) => op switch
    {
        "not" => !Values.IsTrue(value),
        "-" when value is long l => (object)(-l),
        "-" => -Values.ToDouble(value),
        _ => Values.IsNumber(value) ? value : throw new RenderError($"bad operand type for unary +: '{Values.TypeName(value)}'"),
    };

    bool CompareChain(Compare compare, Scope scope)
    {
        var left = Eval(compare.First, scope);
        foreach (var (op, expr) in compare.Rest)
        {
            var right = Eval(expr, scope);
            var holds = op switch
            {
                "==" => Values.Equals(left, right),
                "!=" => !Values.Equals(left, right),
                "<" => Values.Compare(left, right) < 0,
                "<=" => Values.Compare(left, right) <= 0,
                ">" => Values.Compare(left, right) > 0,
                ">=" => Values.Compare(left, right) >= 0,
                "in" => Operators.Contains(right, left),
                _ => !Operators.Contains(right, left),
            };
            if (!holds) return false;
            left = right;
        }
        return true;
    }

    OrderedDictionary<string, object?> Dict(DictLiteral dict, Scope scope)
    {
        var result = new OrderedDictionary<string, object?>();
        foreach (var (key, value) in dict.Items) result[Values.ToStr(Eval(key, scope))] = Eval(value, scope);
        return result;
    }

    CallArguments Arguments(Syntax.Arguments args, Scope scope)
    {
        var named = new OrderedDictionary<string, object?>();
        foreach (var (name, value) in args.Named) named[name] = Eval(value, scope);
        var positional = args.Positional.Select(p => Eval(p, scope)).ToList();
        if (args.Star is not null) positional.AddRange(Values.Iterate(Eval(args.Star, scope)));
        if (args.DoubleStar is not null && Eval(args.DoubleStar, scope) is OrderedDictionary<string, object?> spread)
            foreach (var (name, value) in spread) named[name] = value;
        return new CallArguments(positional, named);
    }

    static object? Invoke(object? callee, CallArguments args) => callee switch
    {
        Callable callable => callable.Invoke(args),
        Undefined undefined => throw undefined.Fail(),
        _ => throw new RenderError($"'{Values.TypeName(callee)}' object is not callable"),
    };
}

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Python arithmetic and concatenation; an Undefined operand is an error, except with `~`.</summary>
static class Operators
{
    public static object? Binary(string op, object? a, object? b)
    {
        if (op == "~") return Values.ToStr(a) + Values.ToStr(b);
        if (a is Undefined ua) throw ua.Fail();
        if (b is Undefined ub) throw ub.Fail();
        if (op == "+" && (a is Markup || b is Markup)) return Markup.Concat(a, b);
        a = Markup.Plain(a);
        b = Markup.Plain(b);
        return op switch
        {
            "+" => Add(a, b),
            "-" => Numeric(op, a, b, (x, y) => x - y, (x, y) => x - y),
            "*" => Multiply(a, b),
            "/" => Values.ToDouble(Number(op, a, b).a) / Values.ToDouble(b),
            "//" => FloorDivide(a, b),
            "%" => a is string format ? PercentFormat(format, b) : Modulo(a, b),
            "**" => Power(a, b),
            _ => throw new RenderError($"unknown operator '{op}'"),
        };
    }

    static object? Add(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => x + y,
        (List<object?> x, List<object?> y) => x.Concat(y).ToList(),
        _ => Numeric("+", a, b, (x, y) => x + y, (x, y) => x + y),
    };

    static object? Multiply(object? a, object? b) => (a, b) switch
    {
        (string s, long n) => string.Concat(Enumerable.Repeat(s, (int)Math.Max(0, n))),
        (List<object?> l, long n) => Enumerable.Repeat(l, (int)Math.Max(0, n)).SelectMany(x => x).ToList(),
        _ => Numeric("*", a, b, (x, y) => x * y, (x, y) => x * y),
    };

    static object? FloorDivide(object? a, object? b)
    {
        Number("//", a, b);
        if (Values.ToDouble(b) == 0) throw new RenderError("integer division or modulo by zero");
        return a is double || b is double
            ? Math.Floor(Values.ToDouble(a) / Values.ToDouble(b))
            : (object)(long)Math.Floor((double)Values.ToDouble(a) / Values.ToDouble(b));
    }

    static object? Modulo(object? a, object? b)
    {
        Number("%", a, b);
        if (Values.ToDouble(b) == 0) throw new RenderError("integer division or modulo by zero");
        if (a is double || b is double)
        {
            double x = Values.ToDouble(a), y = Values.ToDouble(b), r = x % y;
            return r != 0 && (r < 0) != (y < 0) ? (object)(r + y) : r;
        }
        long p = (long)Values.ToDouble(a), q = (long)Values.ToDouble(b), m = p % q;
        return m != 0 && (m < 0) != (q < 0) ? m + q : m;
    }

    static object? Power(object? a, object? b)
    {
        Number("**", a, b);
        var result = Math.Pow(Values.ToDouble(a), Values.ToDouble(b));
        return a is double || b is double || Values.ToDouble(b) < 0 ? (object)result : (long)result;
    }

    static object? Numeric(string op, object? a, object? b, Func<long, long, long> ints, Func<double, double, double> floats)
    {
        Number(op, a, b);
        return a is double || b is double ? (object)floats(Values.ToDouble(a), Values.ToDouble(b)) : ints((long)Values.ToDouble(a), (long)Values.ToDouble(b));
    }

    static (object? a, object? b) Number(string op, object? a, object? b)
    {
        if (!Values.IsNumber(a) || !Values.IsNumber(b))
            throw new RenderError($"unsupported operand type(s) for {op}: '{Values.TypeName(a)}' and '{Values.TypeName(b)}'");
        return (a, b);
    }

    // '%s' % value and '%s %d' % (a, b): the printf subset templates use.
    public static string PercentFormat(string format, object? args)
    {
        var values = args is List<object?> list ? list : [args];
        var next = 0;
        return System.Text.RegularExpressions.Regex.Replace(format, "%[sdrf%]", m =>
        {
            if (m.Value == "%%") return "%";
            if (next >= values.Count) throw new RenderError("not enough arguments for format string");
            var value = values[next++];
            return m.Value switch
            {
                "%d" => ((long)Values.ToDouble(value)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "%r" => Values.Repr(value),
                "%f" => Values.ToDouble(value).ToString("F6", System.Globalization.CultureInfo.InvariantCulture),
                _ => Values.ToStr(value),
            };
        });
    }

    public static bool Contains(object? container, object? item) => Markup.Plain(container) switch
    {
        string s when Markup.Plain(item) is string sub => s.Contains(sub, StringComparison.Ordinal),
        string => throw new RenderError($"'in <string>' requires string as left operand, not {Values.TypeName(item)}"),
        List<object?> list => list.Any(x => Values.Equals(x, item)),
        OrderedDictionary<string, object?> dict => item is string key && dict.ContainsKey(key),
        Undefined => false,
        _ => throw new RenderError($"argument of type '{Values.TypeName(container)}' is not iterable"),
    };
}

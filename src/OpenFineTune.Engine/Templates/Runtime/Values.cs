using System.Collections;
using System.Text;

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Python semantics for template values. Values are: null (None), Undefined, bool, long, double, string,
/// List&lt;object?&gt; (list or tuple), OrderedDictionary&lt;string, object?&gt; (dict), Namespace, LoopInfo, Callable.</summary>
static class Values
{
    public static bool IsTrue(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        Markup m => m.Text.Length > 0,
        ICollection c => c.Count > 0,
        _ => true,
    };

    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        Undefined => "Undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        Markup => "Markup",
        PyTuple => "tuple",
        List<object?> => "list",
        OrderedDictionary<string, object?> => "dict",
        Namespace => "Namespace",
        LoopInfo => "LoopContext",
        Callable => "function",
        _ => value.GetType().Name,
    };

    /// <summary>Python's str(): what {{ value }} prints.</summary>
    public static string ToStr(object? value) => value switch
    {
        string s => s,
        Markup m => m.Text,
        Undefined => "",
        _ => Repr(value),
    };

    /// <summary>Python's repr(), used inside printed lists and dicts.</summary>
    public static string Repr(object? value) => value switch
    {
        null => "None",
        Undefined => "",
        bool b => b ? "True" : "False",
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => PyFloat.Repr(d),
        string s => ReprString(s),
        PyTuple tuple => tuple.Count == 1 ? "(" + Repr(tuple[0]) + ",)" : "(" + string.Join(", ", tuple.Select(Repr)) + ")",
        List<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        OrderedDictionary<string, object?> dict => "{" + string.Join(", ", dict.Select(p => ReprString(p.Key) + ": " + Repr(p.Value))) + "}",
        Namespace ns => "<Namespace " + Repr(ns.Attributes) + ">",
        Callable c => $"<function {c.Name}>",
        Markup m => $"Markup({ReprString(m.Text)})",
        _ => value.ToString() ?? "",
    };

    static string ReprString(string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var builder = new StringBuilder().Append(quote);
        foreach (var c in s)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ when c < 0x20 || c == 0x7f => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return builder.Append(quote).ToString();
    }

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        Undefined u => throw u.Fail(),
        _ => throw new RenderError($"expected a number, got {TypeName(value)}"),
    };

    /// <summary>Python ==: 1 == 1.0 == True, lists and dicts compare by content, Undefined equals only Undefined.</summary>
    public static new bool Equals(object? a, object? b)
    {
        a = Markup.Plain(a);
        b = Markup.Plain(b);
        if (a is Undefined || b is Undefined) return a is Undefined && b is Undefined;
        if (a is null || b is null) return a is null && b is null;
        if (IsNumber(a) && IsNumber(b)) return a is long la && b is long lb ? la == lb : ToDouble(a) == ToDouble(b);
        return (a, b) switch
        {
            (string x, string y) => x == y,
            (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Equals(p.First, p.Second)),
            (OrderedDictionary<string, object?> x, OrderedDictionary<string, object?> y) =>
                x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var v) && Equals(p.Value, v)),
            _ => ReferenceEquals(a, b),
        };
    }

    /// <summary>Python ordering for &lt; &gt; and sort: numbers with numbers, strings by code point, lists element-wise.</summary>
    public static int Compare(object? a, object? b)
    {
        a = Markup.Plain(a);
        b = Markup.Plain(b);
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a).CompareTo(ToDouble(b));
        if (a is string x && b is string y) return string.CompareOrdinal(x, y);
        if (a is List<object?> la && b is List<object?> lb)
        {
            for (var i = 0; i < Math.Min(la.Count, lb.Count); i++)
                if (!Equals(la[i], lb[i])) return Compare(la[i], lb[i]);
            return la.Count.CompareTo(lb.Count);
        }
        throw new RenderError($"'<' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    /// <summary>Python iteration: list items, dict keys, string characters; Undefined iterates as empty.</summary>
    public static List<object?> Iterate(object? value) => value switch
    {
        List<object?> list => list,
        OrderedDictionary<string, object?> dict => dict.Keys.Cast<object?>().ToList(),
        string s => StringChars(s),
        Markup m => StringChars(m.Text),
        Undefined => [],
        _ => throw new RenderError($"'{TypeName(value)}' object is not iterable"),
    };

    // Python strings are sequences of code points, so an emoji is one item even though .NET stores two chars.
    public static List<object?> StringChars(string s) => s.EnumerateRunes().Select(r => (object?)r.ToString()).ToList();

    public static long Length(object? value) => value switch
    {
        string s => s.EnumerateRunes().Count(),
        Markup m => m.Text.EnumerateRunes().Count(),
        ICollection c => c.Count,
        Undefined => 0,
        _ => throw new RenderError($"object of type '{TypeName(value)}' has no len()"),
    };
}

using System.Globalization;

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Jinja2's built-in filters that chat templates use, with transformers' tojson in place of Jinja's.</summary>
static partial class Filters
{
    delegate object? Filter(object? value, CallArguments args);

    static readonly Dictionary<string, Filter> All = new()
    {
        ["trim"] = (v, a) => PyStrings.Strip(Values.ToStr(v), a.Get(0, "chars") as string, true, true),
        ["tojson"] = (v, a) => PyJson.FromArguments(a).Dump(v),
        ["length"] = (v, _) => Values.Length(v),
        ["count"] = (v, _) => Values.Length(v),
        ["default"] = Default,
        ["d"] = Default,
        ["upper"] = (v, _) => Values.ToStr(v).ToUpperInvariant(),
        ["lower"] = (v, _) => Values.ToStr(v).ToLowerInvariant(),
        ["capitalize"] = (v, _) => PyStrings.Capitalize(Values.ToStr(v)),
        ["title"] = (v, _) => PyStrings.TitleFilter(Values.ToStr(v)),
        ["join"] = (v, a) => string.Join(Values.ToStr(a.Get(0, "d", "")), Attributes(v, a.Get(1, "attribute")).Select(Values.ToStr)),
        ["first"] = (v, _) => Values.Iterate(v) is { Count: > 0 } items ? items[0] : Undefined.Name("first item"),
        ["last"] = (v, _) => Values.Iterate(v) is { Count: > 0 } items ? items[^1] : Undefined.Name("last item"),
        ["list"] = (v, _) => Values.Iterate(v).ToList(),
        ["string"] = (v, _) => Values.ToStr(v),
        ["int"] = ToInt,
        ["float"] = ToFloat,
        ["replace"] = (v, a) => PyStrings.Replace(Values.ToStr(v), Values.ToStr(a.Get(0, "old")), Values.ToStr(a.Get(1, "new")), a.Get(2, "count") is long n ? n : -1),
        ["items"] = (v, _) => v is Undefined ? new List<object?>() : Methods.ForDict(AsDict(v), "items")!.Invoke(CallArguments.Empty),
        ["dictsort"] = DictSort,
        ["round"] = Round,
        ["abs"] = (v, _) => v is long l ? (object)Math.Abs(l) : Math.Abs(Values.ToDouble(v)),
        ["escape"] = (v, _) => v,
        ["e"] = (v, _) => v,
        ["safe"] = (v, _) => v,
        ["indent"] = Indent,
        ["unique"] = (v, _) => Unique(Values.Iterate(v)),
        ["reverse"] = (v, _) => v is string s ? string.Concat(Values.StringChars(s).AsEnumerable().Reverse()) : Values.Iterate(v).AsEnumerable().Reverse().ToList(),
        ["sort"] = Sort,
        ["sum"] = (v, a) => Attributes(v, a.Get(0, "attribute")).Aggregate(a.Get(1, "start", 0L), (acc, x) => Operators.Binary("+", acc, x)),
        ["min"] = (v, _) => Values.Iterate(v).Aggregate((x, y) => Values.Compare(y, x) < 0 ? y : x),
        ["max"] = (v, _) => Values.Iterate(v).Aggregate((x, y) => Values.Compare(y, x) > 0 ? y : x),
        ["wordcount"] = (v, _) => (long)PyStrings.Split(Values.ToStr(v), null, -1).Count,
        ["select"] = (v, a) => Select(v, a, attribute: false, keep: true),
        ["reject"] = (v, a) => Select(v, a, attribute: false, keep: false),
        ["selectattr"] = (v, a) => Select(v, a, attribute: true, keep: true),
        ["rejectattr"] = (v, a) => Select(v, a, attribute: true, keep: false),
        ["map"] = Map,
        ["format"] = (v, a) => Operators.PercentFormat(Values.ToStr(v), new PyTuple(a.Positional)),
        ["attr"] = (v, a) => Members.Attribute(v, Values.ToStr(a.Get(0, "name"))),
    };

    public static object? Apply(string name, object? value, CallArguments args)
    {
        if (!All.TryGetValue(name, out var filter)) throw new RenderError($"no filter named '{name}'");
        if (name == "safe") return value is Undefined ? value : new Markup(Values.ToStr(value));
        if (name is "escape" or "e") return value as Markup ?? new Markup(Markup.Escape(Values.ToStr(value)));
        value = Markup.Plain(value);
        return filter(value, args);
    }

    static object? Default(object? value, CallArguments a)
    {
        var useDefault = value is Undefined || (Values.IsTrue(a.Get(1, "boolean")) && !Values.IsTrue(value));
        return useDefault ? a.Get(0, "default_value", "") : value;
    }

    static object? ToInt(object? value, CallArguments a)
    {
        var fallback = a.Get(0, "default", 0L);
        return value switch
        {
            long or bool => (long)Values.ToDouble(value),
            double d => double.IsFinite(d) ? (long)Math.Truncate(d) : fallback,
            string s when long.TryParse(s.Trim().Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
            string s when TryParseFloat(s, out var f) && double.IsFinite(f) => (long)Math.Truncate(f),
            _ => fallback,
        };
    }

    static object? ToFloat(object? value, CallArguments a) => value switch
    {
        long or bool or double => Values.ToDouble(value),
        string s when TryParseFloat(s, out var f) => f,
        _ => a.Get(0, "default", 0.0),
    };

    static bool TryParseFloat(string s, out double value)
    {
        var text = s.Trim().ToLowerInvariant();
        if (text is "inf" or "+inf" or "infinity") { value = double.PositiveInfinity; return true; }
        if (text is "-inf" or "-infinity") { value = double.NegativeInfinity; return true; }
        if (text is "nan" or "+nan" or "-nan") { value = double.NaN; return true; }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    static OrderedDictionary<string, object?> AsDict(object? value) =>
        value as OrderedDictionary<string, object?> ?? throw new RenderError($"expected a dict, got {Values.TypeName(value)}");
}

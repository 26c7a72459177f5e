namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Jinja's `is` tests, with Python type rules (bool counts as a number; dicts and strings are sequences).</summary>
static class Tests
{
    static readonly Dictionary<string, Func<object?, CallArguments, bool>> All = new()
    {
        ["defined"] = (v, _) => v is not Undefined,
        ["undefined"] = (v, _) => v is Undefined,
        ["none"] = (v, _) => v is null,
        ["string"] = (v, _) => v is string or Markup,
        ["mapping"] = (v, _) => v is OrderedDictionary<string, object?>,
        ["iterable"] = (v, _) => v is string or Markup or List<object?> or OrderedDictionary<string, object?>,
        ["sequence"] = (v, _) => v is string or Markup or List<object?> or OrderedDictionary<string, object?>,
        ["number"] = (v, _) => Values.IsNumber(v),
        ["integer"] = (v, _) => v is long,
        ["float"] = (v, _) => v is double,
        ["boolean"] = (v, _) => v is bool,
        ["true"] = (v, _) => v is true,
        ["false"] = (v, _) => v is false,
        ["callable"] = (v, _) => v is Callable,
        ["lower"] = (v, _) => v is string s && s == s.ToLowerInvariant(),
        ["upper"] = (v, _) => v is string s && s == s.ToUpperInvariant(),
        ["odd"] = (v, _) => (long)Values.ToDouble(v) % 2 != 0,
        ["even"] = (v, _) => (long)Values.ToDouble(v) % 2 == 0,
        ["divisibleby"] = (v, a) => (long)Values.ToDouble(v) % (long)Values.ToDouble(a.Get(0, "num")) == 0,
        ["sameas"] = (v, a) => Same(v, a.Get(0, "other")),
        ["escaped"] = (_, _) => false,
        ["in"] = (v, a) => Operators.Contains(a.Get(0, "seq"), v),
        ["eq"] = (v, a) => Values.Equals(v, a.Get(0, "other")),
        ["ne"] = (v, a) => !Values.Equals(v, a.Get(0, "other")),
        ["lt"] = (v, a) => Values.Compare(v, a.Get(0, "other")) < 0,
        ["le"] = (v, a) => Values.Compare(v, a.Get(0, "other")) <= 0,
        ["gt"] = (v, a) => Values.Compare(v, a.Get(0, "other")) > 0,
        ["ge"] = (v, a) => Values.Compare(v, a.Get(0, "other")) >= 0,
    };

    static readonly Dictionary<string, string> Aliases = new()
    {
        ["equalto"] = "eq", ["=="] = "eq", ["!="] = "ne", ["<"] = "lt", ["lessthan"] = "lt", ["<="] = "le",
        [">"] = "gt", ["greaterthan"] = "gt", [">="] = "ge",
    };

    public static bool Run(string name, object? value, CallArguments args)
    {
        var key = Aliases.GetValueOrDefault(name, name);
        if (!All.TryGetValue(key, out var test)) throw new RenderError($"no test named '{name}'");
        return test(value, args);
    }

    static bool Same(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (bool x, bool y) => x == y,
        (long x, long y) => x == y,
        (string x, string y) => ReferenceEquals(x, y) || x == y,
        _ => ReferenceEquals(a, b),
    };
}

using System.Text;

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>The Python str, dict and list methods chat templates call (`content.strip()`, `tool.items()`, ...).</summary>
static class Methods
{
    public static Callable? ForString(string s, string name) => name switch
    {
        "strip" => Bind(name, a => PyStrings.Strip(s, Chars(a), true, true)),
        "lstrip" => Bind(name, a => PyStrings.Strip(s, Chars(a), true, false)),
        "rstrip" => Bind(name, a => PyStrings.Strip(s, Chars(a), false, true)),
        "split" => Bind(name, a => PyStrings.Split(s, a.Get(0, "sep") as string, MaxSplit(a))),
        "splitlines" => Bind(name, _ => s.Split('\n').Select(l => (object?)l.TrimEnd('\r')).ToList() is var lines && s.EndsWith('\n') ? lines.SkipLast(1).ToList() : lines),
        "startswith" => Bind(name, a => Prefixes(a).Any(p => s.StartsWith(p, StringComparison.Ordinal))),
        "endswith" => Bind(name, a => Prefixes(a).Any(p => s.EndsWith(p, StringComparison.Ordinal))),
        "upper" => Bind(name, _ => s.ToUpperInvariant()),
        "lower" => Bind(name, _ => s.ToLowerInvariant()),
        "title" => Bind(name, _ => PyStrings.Title(s)),
        "capitalize" => Bind(name, _ => PyStrings.Capitalize(s)),
        "replace" => Bind(name, a => PyStrings.Replace(s, Values.ToStr(a.Get(0, "old")), Values.ToStr(a.Get(1, "new")), a.Get(2, "count") is long n ? n : -1)),
        "find" => Bind(name, a => (long)s.IndexOf(Values.ToStr(a.Get(0, "sub")), StringComparison.Ordinal)),
        "rfind" => Bind(name, a => (long)s.LastIndexOf(Values.ToStr(a.Get(0, "sub")), StringComparison.Ordinal)),
        "count" => Bind(name, a => (long)PyStrings.Count(s, Values.ToStr(a.Get(0, "sub")))),
        "join" => Bind(name, a => string.Join(s, Values.Iterate(a.Get(0, "iterable")).Select(Values.ToStr))),
        "format" => Bind(name, a => PyStrings.Format(s, a)),
        "isdigit" => Bind(name, _ => s.Length > 0 && s.All(char.IsDigit)),
        "isalpha" => Bind(name, _ => s.Length > 0 && s.All(char.IsLetter)),
        "isspace" => Bind(name, _ => s.Length > 0 && s.All(PyStrings.IsSpace)),
        "islower" => Bind(name, _ => s.Any(char.IsLetter) && !s.Any(char.IsUpper)),
        "isupper" => Bind(name, _ => s.Any(char.IsLetter) && !s.Any(char.IsLower)),
        _ => null,
    };

    public static Callable? ForDict(OrderedDictionary<string, object?> dict, string name) => name switch
    {
        "items" => Bind(name, _ => dict.Select(p => (object?)PyTuple.Pair(p.Key, p.Value)).ToList()),
        "keys" => Bind(name, _ => dict.Keys.Cast<object?>().ToList()),
        "values" => Bind(name, _ => dict.Values.ToList()),
        "get" => Bind(name, a => a.Get(0, "key") is string k && dict.TryGetValue(k, out var v) ? v : a.Get(1, "default")),
        "copy" => Bind(name, _ => new OrderedDictionary<string, object?>(dict)),
        _ => null,
    };

    public static Callable? ForList(List<object?> list, string name) => name switch
    {
        "index" => Bind(name, a => (long)list.FindIndex(x => Values.Equals(x, a.Get(0, "value")))),
        "count" => Bind(name, a => (long)list.Count(x => Values.Equals(x, a.Get(0, "value")))),
        "copy" => Bind(name, _ => list.ToList()),
        _ => null,
    };

    static Callable Bind(string name, Func<CallArguments, object?> body) => new(name, body);

    static string? Chars(CallArguments a) => a.Get(0, "chars") as string;

    static int MaxSplit(CallArguments a) => a.Get(1, "maxsplit") is long n ? (int)n : -1;

    static IEnumerable<string> Prefixes(CallArguments a) => a.Get(0, "prefix") switch
    {
        string p => [p],
        List<object?> list => list.Select(Values.ToStr),
        var other => throw new RenderError($"startswith/endswith first arg must be str or a tuple of str, not {Values.TypeName(other)}"),
    };
}

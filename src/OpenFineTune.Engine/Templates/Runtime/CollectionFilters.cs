namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Filters over sequences: select/reject(attr), map, sort, dictsort, unique, indent, round.</summary>
static partial class Filters
{
    /// <summary>Jinja's attribute getter: "a.b.0" walks items, numeric parts index lists.</summary>
    static object? AttributeOf(object? item, string path)
    {
        foreach (var part in path.Split('.'))
            item = long.TryParse(part, out var index) ? Members.Item(item, index) : Members.Item(item, part);
        return item;
    }

    static List<object?> Attributes(object? value, object? attribute) =>
        Values.Iterate(value).Select(x => attribute is string path ? AttributeOf(x, path) : x).ToList();

    static List<object?> Select(object? value, CallArguments a, bool attribute, bool keep)
    {
        var path = attribute ? Values.ToStr(a.Get(0, "attribute")) : null;
        var testArgs = a.From(attribute ? 1 : 0);
        var test = testArgs.Positional.Count > 0 ? Values.ToStr(testArgs.Positional[0]) : null;
        var extra = testArgs.From(1);
        return Values.Iterate(value).Where(item =>
        {
            var subject = path is null ? item : AttributeOf(item, path);
            var passed = test is null ? Values.IsTrue(subject) : Tests.Run(test, subject, extra);
            return passed == keep;
        }).ToList();
    }

    static object? Map(object? value, CallArguments a)
    {
        if (a.Named.TryGetValue("attribute", out var attribute))
        {
            var fallback = a.Named.TryGetValue("default", out var d) ? d : null;
            return Values.Iterate(value).Select(x => AttributeOf(x, Values.ToStr(attribute)) is Undefined && a.Named.ContainsKey("default") ? fallback : AttributeOf(x, Values.ToStr(attribute))).ToList();
        }
        var filter = Values.ToStr(a.Get(0, "filter"));
        var rest = a.From(1);
        return Values.Iterate(value).Select(x => Apply(filter, x, rest)).ToList();
    }

    static object? Sort(object? value, CallArguments a)
    {
        var reverse = Values.IsTrue(a.Get(0, "reverse"));
        var caseSensitive = Values.IsTrue(a.Get(1, "case_sensitive"));
        var attribute = a.Get(2, "attribute") as string;
        object? Key(object? x)
        {
            var key = attribute is null ? x : AttributeOf(x, attribute);
            return !caseSensitive && key is string s ? s.ToLowerInvariant() : key;
        }
        var sorted = Values.Iterate(value).OrderBy(Key, Comparer<object?>.Create(Values.Compare)).ToList();
        if (reverse) sorted.Reverse();
        return sorted;
    }

    static object? DictSort(object? value, CallArguments a)
    {
        var caseSensitive = Values.IsTrue(a.Get(0, "case_sensitive"));
        var byValue = Values.ToStr(a.Get(1, "by", "key")) == "value";
        var reverse = Values.IsTrue(a.Get(2, "reverse"));
        object? Key(KeyValuePair<string, object?> p)
        {
            var key = byValue ? p.Value : p.Key;
            return !caseSensitive && key is string s ? s.ToLowerInvariant() : key;
        }
        var sorted = AsDict(value).OrderBy(Key, Comparer<object?>.Create(Values.Compare))
            .Select(p => (object?)PyTuple.Pair(p.Key, p.Value)).ToList();
        if (reverse) sorted.Reverse();
        return sorted;
    }

    static List<object?> Unique(List<object?> items)
    {
        var kept = new List<object?>();
        foreach (var item in items)
            if (!kept.Any(k => Values.Equals(k is string ks ? ks.ToLowerInvariant() : k, item is string s ? s.ToLowerInvariant() : item)))
                kept.Add(item);
        return kept;
    }

    // Jinja 3 indent: every line but the first gets the prefix, blank lines only when blank=True.
    static object? Indent(object? value, CallArguments a)
    {
        var width = a.Get(0, "width", 4L);
        var prefix = width is string s ? s : new string(' ', (int)Values.ToDouble(width));
        var first = Values.IsTrue(a.Get(1, "first"));
        var blank = Values.IsTrue(a.Get(2, "blank"));
        var lines = Values.ToStr(value).Split('\n');
        for (var i = first ? 0 : 1; i < lines.Length; i++)
            if (blank || lines[i].Trim().Length > 0) lines[i] = prefix + lines[i];
        return string.Join("\n", lines);
    }

    // Python round(): half to even for 'common'; result is a float, as Jinja returns.
    static object? Round(object? value, CallArguments a)
    {
        var precision = (int)Values.ToDouble(a.Get(0, "precision", 0L));
        var method = Values.ToStr(a.Get(1, "method", "common"));
        var x = Values.ToDouble(value);
        var scale = Math.Pow(10, precision);
        return method switch
        {
            "ceil" => Math.Ceiling(x * scale) / scale,
            "floor" => Math.Floor(x * scale) / scale,
            _ => Math.Round(x, precision, MidpointRounding.ToEven),
        };
    }
}

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Jinja's getattr/getitem: `a.b` tries the attribute (dict and str methods) then the item, `a[b]`
/// the item then the attribute; anything missing is Undefined, but reading through an Undefined is an error.</summary>
static class Members
{
    static readonly HashSet<string> UnsafeListMethods = ["append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse"];
    static readonly HashSet<string> UnsafeDictMethods = ["update", "pop", "popitem", "setdefault", "clear"];

    public static object? Attribute(object? target, string name) => Markup.Plain(target) switch
    {
        Undefined u => throw u.Fail(),
        OrderedDictionary<string, object?> dict => (object?)Methods.ForDict(dict, name)
            ?? (dict.TryGetValue(name, out var value) ? value : (object?)Unsafe(dict, name, UnsafeDictMethods) ?? Undefined.Attribute(dict, name)),
        string s => (object?)Methods.ForString(s, name) ?? Undefined.Attribute(s, name),
        List<object?> list => (object?)Methods.ForList(list, name) ?? (object?)Unsafe(list, name, UnsafeListMethods) ?? Undefined.Attribute(list, name),
        Namespace ns => ns.Attributes.TryGetValue(name, out var value) ? value : Undefined.Attribute(ns, name),
        LoopInfo loop => loop.Attribute(name),
        _ => Undefined.Attribute(target, name),
    };

    // HF renders in an ImmutableSandboxedEnvironment: mutating methods exist but fail when called.
    static Callable? Unsafe(object target, string name, HashSet<string> unsafeNames) =>
        unsafeNames.Contains(name)
            ? new Callable(name, _ => throw new RenderError($"access to attribute '{name}' of '{Values.TypeName(target)}' object is unsafe."))
            : null;

    public static object? Item(object? target, object? key)
    {
        target = Markup.Plain(target);
        switch (target)
        {
            case Undefined u: throw u.Fail();
            case OrderedDictionary<string, object?> dict when key is string k && dict.TryGetValue(k, out var value): return value;
            case List<object?> list when key is long or bool: return Index(list.Count, key) is int i ? list[i] : Undefined.Item(list, key);
            case string s when key is long or bool:
                var chars = Values.StringChars(s);
                return Index(chars.Count, key) is int j ? chars[j] : Undefined.Item(s, key);
            case Namespace or LoopInfo when key is string name: return Attribute(target, name);
        }
        return key is string attribute && target is not null ? Attribute(target, attribute) : Undefined.Item(target, key);
    }

    static int? Index(int count, object? key)
    {
        var index = (int)Values.ToDouble(key);
        if (index < 0) index += count;
        return index >= 0 && index < count ? index : null;
    }

    /// <summary>Python slicing for lists and strings, negative bounds and steps included.</summary>
    public static object? Slice(object? target, object? start, object? stop, object? step)
    {
        if (target is Undefined u) throw u.Fail();
        target = Markup.Plain(target);
        var items = target switch
        {
            List<object?> list => list,
            string s => Values.StringChars(s),
            _ => throw new RenderError($"'{Values.TypeName(target)}' object is not subscriptable"),
        };
        var picked = SliceIndices(items.Count, start, stop, step).Select(i => items[i]).ToList();
        return target is string ? string.Concat(picked.Cast<string>()) : picked;
    }

    static IEnumerable<int> SliceIndices(int count, object? start, object? stop, object? step)
    {
        var by = step is null ? 1 : (int)Values.ToDouble(step);
        if (by == 0) throw new RenderError("slice step cannot be zero");
        int Clamp(object? bound, int fallback)
        {
            if (bound is null) return fallback;
            var i = (int)Values.ToDouble(bound);
            if (i < 0) i += count;
            return by > 0 ? Math.Clamp(i, 0, count) : Math.Clamp(i, -1, count - 1);
        }
        var from = Clamp(start, by > 0 ? 0 : count - 1);
        var to = Clamp(stop, by > 0 ? count : -1);
        for (var i = from; by > 0 ? i < to : i > to; i += by) yield return i;
    }
}

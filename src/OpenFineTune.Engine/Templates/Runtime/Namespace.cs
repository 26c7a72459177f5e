namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>The object `namespace(...)` returns: attributes can be assigned with `set ns.x = ...` from inner scopes.</summary>
sealed class Namespace(OrderedDictionary<string, object?> attributes)
{
    public OrderedDictionary<string, object?> Attributes { get; } = attributes;
}

/// <summary>Anything the template can call: globals, bound string/dict methods, macros.</summary>
sealed class Callable(string name, Func<CallArguments, object?> invoke)
{
    public string Name { get; } = name;

    public object? Invoke(CallArguments args) => invoke(args);
}

/// <summary>Evaluated call arguments with Python-style lookup by position or keyword.</summary>
sealed class CallArguments(List<object?> positional, OrderedDictionary<string, object?> named)
{
    public static CallArguments Empty => new([], new());

    public List<object?> Positional { get; } = positional;

    public OrderedDictionary<string, object?> Named { get; } = named;

    public int Count => Positional.Count + Named.Count;

    public bool Has(int index, string name) => index < Positional.Count || Named.ContainsKey(name);

    public object? Get(int index, string name, object? fallback = null) =>
        index < Positional.Count ? Positional[index] : Named.TryGetValue(name, out var v) ? v : fallback;

    /// <summary>The arguments from <paramref name="start"/> on, for filters that forward them to a test or filter.</summary>
    public CallArguments From(int start) =>
        new(Positional.Skip(start).ToList(), Named);
}

/// <summary>The `loop` variable inside a for block.</summary>
sealed class LoopInfo(IReadOnlyList<object?> items)
{
    public int Index0 { get; set; }

    public object? Attribute(string name) => name switch
    {
        "index" => (long)Index0 + 1,
        "index0" => (long)Index0,
        "revindex" => (long)(items.Count - Index0),
        "revindex0" => (long)(items.Count - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == items.Count - 1,
        "length" => (long)items.Count,
        "depth" => 1L,
        "depth0" => 0L,
        "previtem" => Index0 > 0 ? items[Index0 - 1] : Undefined.Name("previtem"),
        "nextitem" => Index0 + 1 < items.Count ? items[Index0 + 1] : Undefined.Name("nextitem"),
        "cycle" => new Callable("cycle", a => a.Positional.Count == 0
            ? throw new RenderError("loop.cycle() needs at least one argument")
            : a.Positional[Index0 % a.Positional.Count]),
        _ => Undefined.Attribute(this, name),
    };
}

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Variables visible at one point. For loops and macros open a child scope, so a plain `set` inside
/// them does not leak out (Jinja's rule; namespaces exist to get around it). `if` shares its parent's scope.</summary>
sealed class Scope(Scope? parent)
{
    readonly Dictionary<string, object?> _variables = [];

    public bool TryGet(string name, out object? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
            if (scope._variables.TryGetValue(name, out value)) return true;
        value = null;
        return false;
    }

    public Scope? Parent { get; } = parent;

    public void Set(string name, object? value) => _variables[name] = value;
}

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Jinja's default Undefined: falsy, prints as "", iterates as empty, but any attribute, item,
/// arithmetic or call on it is an error that says what was missing.</summary>
sealed class Undefined(string hint)
{
    public string Hint { get; } = hint;

    public static Undefined Name(string name) => new($"'{name}' is undefined");

    public static Undefined Attribute(object? owner, string name) =>
        new($"'{Values.TypeName(owner)} object' has no attribute '{name}'");

    public static Undefined Item(object? owner, object? key) =>
        new($"'{Values.TypeName(owner)} object' has no item {Values.Repr(key)}");

    public RenderError Fail() => new(Hint);
}

/// <summary>A runtime failure without a position; the evaluator adds the line and column of the expression.</summary>
sealed class RenderError(string message) : Exception(message);

/// <summary>raise_exception(message) called by the template.</summary>
sealed class RaisedByTemplate(string message) : Exception(message);

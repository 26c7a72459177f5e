namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>A Python tuple: behaves as a list everywhere except that it prints as (a, b).</summary>
sealed class PyTuple : List<object?>
{
    public PyTuple(IEnumerable<object?> items) : base(items) { }

    public static PyTuple Pair(object? first, object? second) => new([first, second]);
}

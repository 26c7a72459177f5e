namespace OpenFineTune.Engine.Datasets;

/// <summary>
/// One fact about a bad dataset: the 1-based line (0 for the file as a whole), the field path inside the
/// line (<c>messages[2].role</c>; null for the whole line), what is wrong, and a machine code
/// (OpenAI's cookbook classes such as <c>unrecognized_role</c>, or ours such as <c>invalid_json</c>).
/// </summary>
public sealed record DatasetProblem(int Line, string Message, string? Field = null, string Code = "invalid_training_file")
{
    /// <summary>The user-facing text, e.g. <c>line 7, messages[2].role: expected one of …; got "bot"</c>.</summary>
    public override string ToString() => (Line, Field) switch
    {
        (0, _) => Message,
        (_, null) => $"line {Line}: {Message}",
        _ => $"line {Line}, {Field}: {Message}",
    };
}

namespace OpenFineTune.Engine.Templates;

/// <summary>A chat template could not be parsed or rendered. Line and column are 1-based positions in the template source.</summary>
public class TemplateException(string reason, int line, int column)
    : Exception($"chat template line {line}, column {column}: {reason}")
{
    public string Reason { get; } = reason;
    public int Line { get; } = line;
    public int Column { get; } = column;
}

/// <summary>The template refused the conversation by calling <c>raise_exception(message)</c>;
/// <see cref="Exception.Message"/> is the template's own message, as Hugging Face reports it.</summary>
public sealed class TemplateRaisedException(string message, int line, int column) : Exception(message)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
}

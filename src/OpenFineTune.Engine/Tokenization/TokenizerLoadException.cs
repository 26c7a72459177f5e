namespace OpenFineTune.Engine.Tokenization;

/// <summary>A tokenizer file is missing, unreadable or of a kind we do not support; the message names the file.</summary>
public sealed class TokenizerLoadException(string file, string problem, Exception? inner = null)
    : Exception($"{file}: {problem}", inner)
{
    public string File { get; } = file;
}

namespace OpenFineTune.Engine.Models;

/// <summary>
/// A model directory cannot be used: names the file and what is wrong with it, so a startup error
/// reads as a fact ("config.json: architecture X is not supported") rather than a crash deep inside.
/// </summary>
public sealed class ModelLoadException(string file, string problem, Exception? inner = null)
    : Exception($"{file}: {problem}", inner)
{
    /// <summary>The file (or directory) at fault.</summary>
    public string File { get; } = file;

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; } = problem;
}

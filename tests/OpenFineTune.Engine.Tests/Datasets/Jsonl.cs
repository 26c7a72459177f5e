using System.Text;
using OpenFineTune.Engine.Datasets;

namespace OpenFineTune.Engine.Tests.Datasets;

/// <summary>Builds small JSONL files in memory for the dataset tests.</summary>
static class Jsonl
{
    public const string Chat = """{"messages":[{"role":"user","content":"Hola"},{"role":"assistant","content":"¿En qué puedo ayudarte?"}]}""";

    public static MemoryStream Lines(params IEnumerable<string> lines) => Bytes(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    public static MemoryStream Bytes(byte[] bytes) => new(bytes);

    /// <summary>Nine good chat lines after <paramref name="first"/>, so only the line under test can fail.</summary>
    public static DatasetValidationResult ValidateWith(string first, string filler = Chat) =>
        DatasetValidator.Validate(Lines([first, .. Enumerable.Repeat(filler, 9)]));

    /// <summary>The problems of a file whose line 1 is <paramref name="line"/> and lines 2–10 are valid.</summary>
    public static string[] ProblemsOf(string line, string filler = Chat) =>
        ValidateWith(line, filler).Problems.Select(p => p.ToString()).ToArray();

    public static string Message(string role, string content) => $$"""{"role":"{{role}}","content":"{{content}}"}""";

    public static string Line(params string[] messages) => $$"""{"messages":[{{string.Join(",", messages)}}]}""";
}

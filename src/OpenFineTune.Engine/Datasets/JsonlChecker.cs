using System.Text;
using System.Text.Json;

namespace OpenFineTune.Engine.Datasets;

/// <summary>One fact about a bad line of a dataset: its 1-based line number and what is wrong with it.</summary>
public sealed record DatasetProblem(int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}

/// <summary>
/// The well-formedness check every fine-tune upload gets: UTF-8, and each non-empty line one JSON object.
/// The full chat-schema validation builds on <see cref="ReadLines"/> so upload and job creation never disagree.
/// </summary>
public static class JsonlChecker
{
    public const int MaxReported = 20;

    public static IReadOnlyList<DatasetProblem> Check(Stream utf8)
    {
        var problems = new List<DatasetProblem>();
        foreach (var (line, text) in ReadLines(utf8, problems))
        {
            if (problems.Count >= MaxReported) break;
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    problems.Add(new(line, $"expected a JSON object, got a JSON {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}"));
            }
            catch (JsonException e)
            {
                problems.Add(new(line, $"invalid JSON ({e.Message.Split(" Path:")[0]})"));
            }
        }
        return problems;
    }

    /// <summary>Yields (1-based line number, text) for each non-blank line; a line that is not UTF-8 becomes a problem.</summary>
    public static IEnumerable<(int Line, string Text)> ReadLines(Stream utf8, List<DatasetProblem> problems)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        using var reader = new StreamReader(utf8, strict, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        int number = 0;
        while (true)
        {
            string? text;
            try { text = reader.ReadLine(); }
            catch (DecoderFallbackException)
            {
                problems.Add(new(number + 1, "the file is not valid UTF-8 here"));
                yield break;
            }
            if (text is null) yield break;
            number++;
            if (!string.IsNullOrWhiteSpace(text)) yield return (number, text);
        }
    }
}

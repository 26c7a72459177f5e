using System.Text.Json;

namespace OpenFineTune.Engine.Datasets;

/// <summary>
/// The well-formedness check every fine-tune upload gets: UTF-8, and each non-blank line one JSON object.
/// <see cref="DatasetValidator"/> builds its full schema check on <see cref="ParseObjects"/>, so upload and
/// job creation never disagree about what a well-formed line is.
/// </summary>
public static class JsonlChecker
{
    public const int MaxReported = DatasetValidator.MaxReportedProblems;

    /// <summary>Up to 20 problems, in line order; empty when every line is a JSON object.</summary>
    public static IReadOnlyList<DatasetProblem> Check(Stream utf8)
    {
        var problems = new ProblemList();
        foreach (var (_, document) in ParseObjects(utf8, problems)) document?.Dispose();
        return problems.InLineOrder();
    }

    /// <summary>Yields (1-based line number, text) for each non-blank line; a line that is not UTF-8 becomes a problem.</summary>
    public static IEnumerable<(int Line, string Text)> ReadLines(Stream utf8, List<DatasetProblem> problems)
    {
        var found = new ProblemList(int.MaxValue);
        int copied = 0;
        foreach (var (line, text) in JsonlLines.Read(utf8, found))
        {
            CopyNew();
            if (text is not null) yield return (line, text);
        }
        CopyNew();

        void CopyNew()
        {
            problems.AddRange(found.InLineOrder().Skip(copied));
            copied = found.Total;
        }
    }

    /// <summary>
    /// Yields every non-blank line: with its document when it is a JSON object (the caller disposes it),
    /// with null when it is not (the reason is in <paramref name="problems"/>).
    /// </summary>
    internal static IEnumerable<(int Line, JsonDocument? Document)> ParseObjects(Stream utf8, ProblemList problems)
    {
        foreach (var (line, text) in JsonlLines.Read(utf8, problems))
        {
            var document = text is null ? null : Parse(line, text, problems);
            if (document is not null && document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(line, $"expected a JSON object, got {JsonText.Kind(document.RootElement)}", null, "data_type"));
                document.Dispose();
                document = null;
            }
            yield return (line, document);
        }
    }

    static JsonDocument? Parse(int line, string text, ProblemList problems)
    {
        try { return JsonDocument.Parse(text); }
        catch (JsonException e)
        {
            var reason = JsonText.Reason(e);
            var column = e.BytePositionInLine is long p ? $" at byte {p + 1}" : "";
            problems.Add(new(line, $"invalid JSON{column}: {reason}", null, "invalid_json"));
            return null;
        }
    }
}

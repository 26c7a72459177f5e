namespace OpenFineTune.Engine.Datasets;

/// <summary>
/// Finds special tokens written literally in content. OpenAI rejects them ("message contains an invalid
/// token"), and here they would also let a user forge turn boundaries in the chat template.
/// </summary>
internal static class SpecialTokenScanner
{
    const int MaxCandidateLength = 64;

    public static IReadOnlyList<DatasetProblem> Find(IEnumerable<Conversation> conversations, Func<string, string?> firstToken)
    {
        var problems = new ProblemList();
        foreach (var conversation in conversations)
            foreach (var message in conversation.Messages.Where(m => m.Content is not null))
                if (firstToken(message.Content!) is { } token)
                    problems.Add(new(conversation.Line, $"contains the special token \"{token}\"", message.SourceField, "special_token"));
        return problems.InLineOrder();
    }

    /// <summary>The earliest occurrence of any of the given tokens.</summary>
    public static Func<string, string?> Exact(IEnumerable<string> tokens)
    {
        var list = tokens.Where(t => t.Length > 0).Distinct().ToList();
        return text => list
            .Select(t => (Token: t, At: text.IndexOf(t, StringComparison.Ordinal)))
            .Where(x => x.At >= 0).OrderBy(x => x.At).ThenByDescending(x => x.Token.Length)
            .Select(x => x.Token).FirstOrDefault();
    }

    /// <summary>The first bracketed span (&lt;…&gt; or […]) that the predicate calls special.</summary>
    public static Func<string, string?> Bracketed(Func<string, bool> isSpecial) => text =>
    {
        for (int start = 0; start < text.Length; start++)
        {
            var close = text[start] switch { '<' => '>', '[' => ']', _ => '\0' };
            if (close == '\0') continue;
            var end = text.IndexOf(close, start + 1, Math.Min(MaxCandidateLength, text.Length - start - 1));
            if (end > start && isSpecial(text[start..(end + 1)])) return text[start..(end + 1)];
        }
        return null;
    };
}

namespace OpenFineTune.Engine.Datasets;

/// <summary>The outcome of <see cref="DatasetValidator.Validate"/>.</summary>
/// <param name="Format">The file's format (that of its first recognisable example); null when it has none.</param>
/// <param name="Conversations">The normalised examples, in file order; empty unless the file is valid.</param>
/// <param name="Problems">The first 20 problems in line order (a file-wide one, line 0, comes first).</param>
/// <param name="ProblemCount">How many problems there are in all.</param>
public sealed record DatasetValidationResult(
    DatasetFormat? Format,
    IReadOnlyList<Conversation> Conversations,
    IReadOnlyList<DatasetProblem> Problems,
    int ProblemCount,
    DatasetStatistics Statistics)
{
    public bool IsValid => ProblemCount == 0;

    /// <summary>The job's <c>error.code</c> for an invalid file, as OpenAI reports it (§4.5 of the API notes).</summary>
    public string? ErrorCode => IsValid ? null
        : ProblemCount == 1 && Problems[0].Code == "invalid_n_examples" ? "invalid_n_examples" : "invalid_training_file";

    /// <summary>The problems one per line, and how many more were not listed.</summary>
    public string Describe()
    {
        var lines = Problems.Select(p => p.ToString()).ToList();
        if (ProblemCount > Problems.Count) lines.Add($"... and {ProblemCount - Problems.Count} more problem(s)");
        return string.Join("\n", lines);
    }
}

/// <summary>Counts a <c>validate</c> command can print. Message counts cover the valid examples only.</summary>
/// <param name="Examples">Non-blank lines of the file, valid or not (what OpenAI counts as examples).</param>
/// <param name="TrainedAssistantMessages">Assistant messages with weight 1.</param>
/// <param name="Characters">Characters of all message content and tool-call arguments.</param>
/// <param name="LongestExampleCharacters">The most characters in one example, a first hint at its token length.</param>
public sealed record DatasetStatistics(
    int Examples,
    int Messages,
    int AssistantMessages,
    int TrainedAssistantMessages,
    long Characters,
    long AssistantCharacters,
    int LongestExampleCharacters)
{
    public static DatasetStatistics Of(IReadOnlyList<Conversation> conversations, int examples)
    {
        var messages = conversations.SelectMany(c => c.Messages).ToList();
        var assistant = messages.Where(m => m.Role == ChatRoles.Assistant).ToList();
        return new(examples, messages.Count, assistant.Count, assistant.Count(m => m.Weight == 1),
            messages.Sum(m => (long)CharactersOf(m)), assistant.Sum(m => (long)CharactersOf(m)),
            conversations.Select(c => c.Messages.Sum(CharactersOf)).DefaultIfEmpty(0).Max());
    }

    static int CharactersOf(ConversationMessage m) => (m.Content?.Length ?? 0) + m.ToolCalls.Sum(c => c.Name.Length + c.ArgumentsJson.Length);
}

using System.Text.Json;

namespace OpenFineTune.Engine.Datasets;

/// <summary>What a file is validated as: its label in messages ("Training file has …") and the minimum examples.</summary>
public sealed record DatasetValidationOptions(string FileLabel = "Training", int MinExamples = DatasetValidator.MinTrainingExamples)
{
    public static DatasetValidationOptions Training { get; } = new();

    // OpenAI sets no minimum for a validation file; one example is enough to compute a loss on.
    public static DatasetValidationOptions Validation { get; } = new("Validation", 1);
}

/// <summary>
/// The one validator of fine-tuning files. <see cref="CheckWellFormed"/> is the upload check (UTF-8, one JSON
/// object per line); <see cref="Validate"/> is the job-creation check: it takes the file's format from its
/// first example, validates every line against that format's schema and normalises the examples to
/// <see cref="Conversation"/>s. Problems name the line and field; at most 20 are kept, in line order.
/// </summary>
public static class DatasetValidator
{
    public const int MaxReportedProblems = 20;
    public const int MinTrainingExamples = 10;

    public static IReadOnlyList<DatasetProblem> CheckWellFormed(Stream utf8) => JsonlChecker.Check(utf8);

    public static DatasetValidationResult Validate(Stream utf8, DatasetValidationOptions? options = null)
    {
        options ??= DatasetValidationOptions.Training;
        var problems = new ProblemList();
        var formats = new FormatTracker();
        var conversations = new List<Conversation>();
        int examples = 0;
        foreach (var (line, document) in JsonlChecker.ParseObjects(utf8, problems))
        {
            examples++;
            if (document is null) continue;
            using (document)
                if (ReadExample(line, document.RootElement, formats, problems) is { } conversation) conversations.Add(conversation);
        }
        formats.ReportTo(problems);
        if (examples < options.MinExamples)
            problems.Add(new(0, $"{options.FileLabel} file has {examples} example(s), but must have at least {options.MinExamples} examples", null, "invalid_n_examples"));
        var valid = problems.Total == 0;
        return new(formats.FileFormat, valid ? conversations : [], problems.InLineOrder(), problems.Total,
            DatasetStatistics.Of(conversations, examples));
    }

    /// <summary>
    /// Content that holds one of the tokenizer's special tokens (OpenAI rejects such examples), as problems
    /// like <c>line 6, messages[1].content: contains the special token "&lt;|im_end|&gt;"</c>; at most 20.
    /// </summary>
    public static IReadOnlyList<DatasetProblem> FindSpecialTokens(IEnumerable<Conversation> conversations, IEnumerable<string> specialTokens) =>
        SpecialTokenScanner.Find(conversations, SpecialTokenScanner.Exact(specialTokens));

    /// <summary>As above for a tokenizer that can only answer "is this a special token": candidates are
    /// bracketed spans such as <c>&lt;|…|&gt;</c>, <c>&lt;s&gt;</c> or <c>[INST]</c>, up to 64 characters.</summary>
    public static IReadOnlyList<DatasetProblem> FindSpecialTokens(IEnumerable<Conversation> conversations, Func<string, bool> isSpecialToken) =>
        SpecialTokenScanner.Find(conversations, SpecialTokenScanner.Bracketed(isSpecialToken));

    /// <summary>
    /// Examples longer than the model can train on, by the caller's token count (the chat template rendered and
    /// tokenized). OpenAI truncates these from the end rather than rejecting them, so a job reports them as a
    /// warning: <c>line 12: 40000 tokens, more than the 32768 the model trains on; it will be truncated from the end</c>.
    /// </summary>
    public static IReadOnlyList<DatasetProblem> FindLongExamples(IEnumerable<Conversation> conversations, Func<Conversation, int> countTokens, int maxTokens)
    {
        var problems = new ProblemList();
        foreach (var conversation in conversations)
            if (countTokens(conversation) is var tokens && tokens > maxTokens)
                problems.Add(new(conversation.Line, $"{tokens} tokens, more than the {maxTokens} the model trains on; it will be truncated from the end", null, "example_too_long"));
        return problems.InLineOrder();
    }

    static Conversation? ReadExample(int line, JsonElement example, FormatTracker formats, ProblemList all)
    {
        var format = DatasetFormats.Detect(example);
        if (!formats.Accepts(line, format)) return null;
        var problems = new LineProblems(line, all);
        return format switch
        {
            DatasetFormat.Chat => ChatExampleReader.Read(example, problems),
            DatasetFormat.Alpaca => AlpacaExampleReader.Read(example, problems),
            DatasetFormat.TurnText => TurnTextExampleReader.Read(example, problems),
            _ => PromptCompletionExampleReader.Read(example, problems),
        };
    }
}

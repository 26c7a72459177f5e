using OpenFineTune.Engine.Datasets;

namespace OpenFineTune.Engine.Training;

/// <summary>A file's conversations tokenized for training, after the checks that need the tokenizer.</summary>
public sealed record SftDataset(IReadOnlyList<SftExample> Examples, IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// Tokenizes <paramref name="conversations"/>. Special tokens written in content fail the file
    /// (<see cref="TrainingDataException"/> with <c>invalid_training_file</c> and the lines); examples longer than
    /// the context are cut from the end and reported in <see cref="Warnings"/>.
    /// </summary>
    /// <param name="param">The file's request field, <c>training_file</c> or <c>validation_file</c>.</param>
    public static SftDataset Prepare(IReadOnlyList<Conversation> conversations, SftExampleBuilder builder, string param)
    {
        var label = param == "validation_file" ? "Validation" : "Training";
        var specials = DatasetValidator.FindSpecialTokens(conversations, SftExampleBuilder.SpecialTokenTexts(builder.Tokenizer));
        if (specials.Count > 0)
            throw new TrainingDataException("invalid_training_file", param,
                $"{label} file has special tokens written in message content, which the model reserves for its chat format:\n"
                + string.Join("\n", specials));
        var examples = conversations.Select(builder.Build).ToList();
        var truncated = examples.Where(e => e.Truncated).ToList();
        var warnings = truncated.Count == 0 ? new List<string>() :
        [
            $"{label} file has {truncated.Count} example(s) longer than the {builder.MaxTokens} tokens the model trains on; "
            + $"they are truncated from the end: {string.Join(", ", truncated.Take(20).Select(e => $"line {e.Line} ({e.FullLength} tokens)"))}",
        ];
        return new SftDataset(examples, warnings);
    }

    public long Tokens => Examples.Sum(e => (long)e.Length);
}

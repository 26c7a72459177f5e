using System.Globalization;
using System.Text.Json;
using OpenFineTune.Engine.Datasets;
using OpenFineTune.Engine.Training;

namespace OpenFineTune.Server.Cli;

/// <summary>The numbers <c>validate</c> prints for one file (a split): counts, tokens, duplicates, longest examples.</summary>
sealed record SplitReport(string Param, DatasetValidationResult Result, SftDataset Tokens, int MaxTokens)
{
    public IReadOnlyList<Conversation> Conversations => Result.Conversations;

    public long TotalTokens => Tokens.Examples.Sum(e => (long)e.FullLength);

    /// <summary>Tokens the loss trains on (weight-1 assistant messages, after truncation).</summary>
    public long TrainedTokens => Tokens.Examples.Sum(e => (long)e.TrainedTokens);

    /// <summary>Groups of lines holding the same example (same messages, tools and format), two or more each.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Duplicates => Conversations.GroupBy(ExampleKey)
        .Where(g => g.Count() > 1).Select(g => (IReadOnlyList<int>)g.Select(c => c.Line).ToList()).ToList();

    public static string ExampleKey(Conversation c) => JsonSerializer.Serialize(new
    {
        c.Format,
        Messages = c.Messages.Select(m => new { m.Role, m.Content, m.Weight, m.Name, m.ToolCalls, m.ToolCallId }),
        Tools = c.Tools.Select(t => t.Json),
        c.ParallelToolCalls,
    });

    public void Write(TextWriter output, int longest)
    {
        var s = Result.Statistics;
        var lengths = Tokens.Examples.Select(e => e.FullLength).ToList();
        output.WriteLine($"{Param}: valid, {Result.Format?.ToString().ToLowerInvariant() ?? "no"} format");
        Row(output, "examples", $"{N(s.Examples)} ({N(s.Messages)} messages, {N(s.AssistantMessages)} from the assistant, {N(s.TrainedAssistantMessages)} trained)");
        Row(output, "tokens", $"{N(TotalTokens)}; trained (assistant) {N(TrainedTokens)} = {Share(TrainedTokens, Tokens.Tokens)} of the tokens trained on");
        Row(output, "per example", $"min {N(lengths.Min())}, mean {N((long)Math.Round(lengths.Average()))}, max {N(lengths.Max())} tokens");
        Row(output, "longest", string.Join(", ", Tokens.Examples.OrderByDescending(e => e.FullLength).ThenBy(e => e.Line).Take(longest)
            .Select(e => $"line {e.Line} ({N(e.FullLength)})")));
        var over = Tokens.Examples.Where(e => e.Truncated).ToList();
        Row(output, "over the context", over.Count == 0 ? $"none (the model trains on up to {N(MaxTokens)} tokens)"
            : $"{over.Count} example(s) longer than {N(MaxTokens)} tokens, truncated from the end when trained");
        var duplicates = Duplicates;
        Row(output, "duplicates", duplicates.Count == 0 ? "none"
            : $"{duplicates.Sum(g => g.Count - 1)} repeated example(s): " + string.Join("; ", duplicates.Take(10).Select(g => "lines " + string.Join(" = ", g))));
        foreach (var warning in Tokens.Warnings) output.WriteLine($"  warning: {warning}");
    }

    public static void Row(TextWriter output, string label, string value) => output.WriteLine($"  {label,-17} {value}");

    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    static string Share(long part, long whole) => whole == 0 ? "0%" : ((double)part / whole).ToString("0.0%", CultureInfo.InvariantCulture);
}

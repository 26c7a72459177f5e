using System.Runtime.CompilerServices;
using System.Text;
using OpenFineTune.Engine.Generation;

namespace OpenFineTune.Server.Api.Completions;

/// <summary>What every response of one request repeats: id, creation time, the model id as asked, fingerprint.</summary>
public sealed record CompletionMeta(string Id, long Created, string Model, string SystemFingerprint);

/// <summary>One choice's deltas put together, for non-streaming responses.</summary>
public sealed class CollectedChoice
{
    public StringBuilder Text { get; } = new();
    public List<TokenLogprob>? Logprobs { get; set; }
    /// <summary>How many of <see cref="Logprobs"/> score the echoed prompt (they come first).</summary>
    public int PromptLogprobs { get; set; }
    public string FinishReason { get; set; } = "length";
    public int Tokens { get; set; }
}

/// <summary>Runs prepared generations behind the <see cref="GenerationGate"/> and gathers their deltas.</summary>
public static class GenerationRun
{
    /// <summary>
    /// The deltas of <paramref name="prepared"/> in turn (legacy completions: one per prompt), choice indexes shifted
    /// by <c>prompt × n</c>; the ticket is given back when the enumeration ends, however it ends.
    /// </summary>
    public static async IAsyncEnumerable<GenerationDelta> DeltasAsync(ITextGenerator generator, IReadOnlyList<PreparedGeneration> prepared,
        GenerationGate.Ticket ticket, [EnumeratorCancellation] CancellationToken ct)
    {
        using (ticket)
        {
            await ticket.WaitTurnAsync(ct);
            var offset = 0;
            foreach (var generation in prepared)
            {
                await foreach (var delta in generator.GenerateAsync(generation, ct).WithCancellation(ct))
                    yield return offset == 0 ? delta : delta with { Choice = delta.Choice + offset };
                offset += generation.Request.N;
            }
        }
    }

    /// <summary>Gathers every choice; <paramref name="logprobs"/> says whether each choice gets a (possibly empty) list.</summary>
    public static async Task<CollectedChoice[]> CollectAsync(IAsyncEnumerable<GenerationDelta> deltas, int choices, bool logprobs, CancellationToken ct)
    {
        var collected = Enumerable.Range(0, choices).Select(_ => new CollectedChoice { Logprobs = logprobs ? [] : null }).ToArray();
        await foreach (var delta in deltas.WithCancellation(ct))
        {
            var choice = collected[delta.Choice];
            choice.Text.Append(delta.Text);
            choice.Tokens += delta.Tokens;
            if (delta.Logprobs is not null) choice.Logprobs?.AddRange(delta.Logprobs);
            if (delta.IsPrompt) choice.PromptLogprobs += delta.Logprobs?.Count ?? 0;
            if (delta.FinishReason is not null) choice.FinishReason = delta.FinishReason;
        }
        return collected;
    }
}

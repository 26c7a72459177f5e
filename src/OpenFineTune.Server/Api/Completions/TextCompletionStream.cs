using System.Runtime.CompilerServices;
using OpenFineTune.Engine.Generation;

namespace OpenFineTune.Server.Api.Completions;

/// <summary>Legacy completions as SSE: one <c>text_completion</c> chunk per delta, finish_reason null until a choice's last.</summary>
public static class TextCompletionStream
{
    public static async IAsyncEnumerable<TextCompletion> StreamAsync(IAsyncEnumerable<GenerationDelta> deltas, CompletionMeta meta,
        int choices, int promptTokens, bool logprobs, bool includeUsage, [EnumeratorCancellation] CancellationToken ct)
    {
        var offsets = new int[choices]; // characters sent so far per choice, for text_offset
        var completionTokens = 0;
        await foreach (var delta in deltas.WithCancellation(ct))
        {
            completionTokens += delta.Tokens;
            if (delta.Text.Length == 0 && delta.FinishReason is null && delta.Logprobs is not { Count: > 0 }) continue;
            var lp = logprobs ? TextLogprobs.From(delta.Logprobs ?? [], offsets[delta.Choice]) : null;
            offsets[delta.Choice] += delta.Text.Length;
            yield return new TextCompletion(meta, [new TextChoice(delta.Text, delta.Choice, lp, delta.FinishReason)], null);
        }
        if (includeUsage) yield return new TextCompletion(meta, [], new CompletionUsage(promptTokens, completionTokens));
    }
}

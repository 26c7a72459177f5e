using System.Runtime.CompilerServices;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Engine.Generation;

/// <summary>
/// Generation on the models of a <see cref="ModelRegistry"/>: prefill, then one KV-cached decode step per token.
/// Concurrent requests on the same model are batched by its <see cref="BatchScheduler"/> (their decode steps share
/// forward passes); a cancelled token stops a request between two steps and frees its cache.
/// </summary>
public sealed class TextGenerator(ModelRegistry registry) : ITextGenerator
{
    public const int MaxTopLogprobs = 20;

    public PreparedGeneration Prepare(GenerationRequest request)
    {
        CheckRequest(request);
        var served = registry.Resolve(request.Model);
        var ids = PromptEncoder.Encode(request.Prompt, served);
        if (ids.Count == 0) throw new ArgumentException("The prompt is empty: it gives no tokens to continue from.", "prompt");
        var context = served.Base.ContextLength;
        if (ids.Count >= context) throw new ContextLengthExceededException(ids.Count, context);
        var room = context - ids.Count;
        var maxNew = Math.Min(request.MaxNewTokens ?? room, room);
        return new PreparedGeneration(request, served.Id, ids, maxNew, served.Fingerprint) { ToolCalls = ToolCalls.ToolCallFormat.For(request, served.Base.ChatTemplate) };
    }

    public async IAsyncEnumerable<GenerationDelta> GenerateAsync(PreparedGeneration prepared, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var served = registry.Resolve(prepared.ModelId);
        using var lease = registry.LeaseAdapter(served);
        using var session = new DecodeSession(served.Base, prepared);
        if (prepared.Request.Echo)
        {
            var echo = await PromptScorer.EchoAsync(prepared, served, lease?.Weights, cancellationToken).ConfigureAwait(false);
            foreach (var choice in session.Choices) yield return new GenerationDelta(choice.Index, echo.Text, 0, echo.Logprobs, null) { IsPrompt = true };
        }
        if (prepared.MaxNewTokens == 0)
        {
            foreach (var choice in session.Choices) yield return choice.FinishEmpty();
            yield break;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var sequence = served.Base.Scheduler.Submit(session, lease?.Weights);
        try
        {
            using var leaveOnCancel = cancellationToken.Register(() => sequence.LeaveAsync());
            await foreach (var delta in sequence.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return delta;
        }
        finally { await sequence.LeaveAsync().ConfigureAwait(false); } // the session and lease outlive the scheduler's use
    }

    static void CheckRequest(GenerationRequest request)
    {
        if (request.N < 1) throw new ArgumentOutOfRangeException("n", request.N, $"n must be at least 1; got {request.N}.");
        if (request.MaxNewTokens < 0) throw new ArgumentOutOfRangeException("max_tokens", request.MaxNewTokens, $"max_tokens must be 0 or more; got {request.MaxNewTokens}.");
        if (request.TopLogprobs is < 0 or > MaxTopLogprobs)
            throw new ArgumentOutOfRangeException("top_logprobs", request.TopLogprobs, $"top_logprobs must be between 0 and {MaxTopLogprobs}; got {request.TopLogprobs}.");
        if (request.Stop is { Count: > 4 }) throw new ArgumentException($"stop may hold at most 4 sequences; got {request.Stop.Count}.", "stop");
    }
}

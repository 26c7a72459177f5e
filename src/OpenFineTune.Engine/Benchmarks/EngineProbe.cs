using System.Diagnostics;
using OpenFineTune.Engine.Generation;

namespace OpenFineTune.Engine.Benchmarks;

/// <summary>
/// Times requests through the engine's real generation path (<see cref="ITextGenerator"/>), so whatever the engine
/// does with concurrent requests (turn-taking, or continuous batching) is what gets measured. Greedy, with every
/// end-of-sequence id biased by -100 so each request runs its full token count, as llama.cpp's kit ignores EOS.
/// </summary>
internal sealed class EngineProbe(ITextGenerator generator, string modelId, IReadOnlyCollection<int> eosIds, ModelProbe ids)
{
    readonly SamplingOptions _greedy = new(temperature: 0, logitBias: eosIds.ToDictionary(id => id, _ => -100f));

    /// <summary>Aggregate generated tokens per second of <paramref name="concurrency"/> requests started together (their 16-token prefills included).</summary>
    public async Task<double> AggregateTokensPerSecond(int concurrency, int tokens, CancellationToken cancellationToken)
    {
        var prepared = Enumerable.Range(0, concurrency).Select(_ => Prepare(ModelProbe.DecodePrompt, tokens)).ToList();
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(prepared.Select(p => Task.Run(() => CountTokens(p, cancellationToken), cancellationToken)));
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Seconds from the request to its first generated token.</summary>
    public async Task<double> TimeToFirstToken(int promptLength, CancellationToken cancellationToken)
    {
        var prepared = Prepare(promptLength, 1);
        var clock = Stopwatch.StartNew();
        await foreach (var delta in generator.GenerateAsync(prepared, cancellationToken))
            if (delta.Tokens > 0) return clock.Elapsed.TotalSeconds;
        throw new InvalidOperationException("the request finished without generating a token");
    }

    PreparedGeneration Prepare(int promptLength, int tokens)
    {
        var prompt = Enumerable.Range(0, promptLength).Select(_ => ids.NextId()).ToArray();
        return generator.Prepare(new GenerationRequest(modelId, new Prompt.Tokens(prompt), _greedy, MaxNewTokens: tokens));
    }

    async Task<int> CountTokens(PreparedGeneration prepared, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var delta in generator.GenerateAsync(prepared, cancellationToken)) count += delta.Tokens;
        return count;
    }
}

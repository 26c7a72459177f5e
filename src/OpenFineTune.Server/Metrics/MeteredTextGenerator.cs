using System.Diagnostics;
using System.Runtime.CompilerServices;
using OpenFineTune.Engine.Generation;

namespace OpenFineTune.Server.Metrics;

/// <summary>
/// Wraps the engine's generator to count generated tokens and time the first one, so the chat and completions
/// endpoints stay unaware of metrics. Tokens are counted as they stream, so a client that disconnects early
/// still shows what was generated for it.
/// </summary>
public sealed class MeteredTextGenerator(ITextGenerator inner) : ITextGenerator
{
    public PreparedGeneration Prepare(GenerationRequest request) => inner.Prepare(request);

    public async IAsyncEnumerable<GenerationDelta> GenerateAsync(PreparedGeneration prepared, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = new KeyValuePair<string, object?>("model", prepared.ModelId);
        var started = Stopwatch.GetTimestamp();
        var first = true;
        await foreach (var delta in inner.GenerateAsync(prepared, cancellationToken))
        {
            if (delta.Tokens > 0)
            {
                if (first) ServerMeter.TimeToFirstToken.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, model);
                first = false;
                ServerMeter.GeneratedTokens.Add(delta.Tokens, model);
            }
            yield return delta;
        }
    }
}

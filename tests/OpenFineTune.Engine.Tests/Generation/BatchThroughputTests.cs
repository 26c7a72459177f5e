using System.Diagnostics;
using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Tests.Models;
using Xunit.Abstractions;
using static OpenFineTune.Engine.Tests.Serving.ServingTestModels;

namespace OpenFineTune.Engine.Tests.Generation;

/// <summary>
/// 1, 4 and 16 concurrent greedy streams on stories260k: every stream answers as alone, concurrent streams share
/// decode passes, and the aggregate decode rate is written to the test output (a measurement, never asserted).
/// </summary>
public sealed class BatchThroughputTests(ITestOutputHelper output) : IDisposable
{
    const int Tokens = 32;
    readonly Engine.Serving.ModelRegistry _registry = Stories();
    readonly IReadOnlyList<ReferencePrompt> _prompts = ReferencePrompt.Load("stories260k");

    [Fact]
    public async Task ConcurrentStreamsShareDecodePassesAndEachAnswersAsAlone()
    {
        var generator = new TextGenerator(_registry);
        await Streams(generator, 1); // warm-up
        foreach (var streams in new[] { 1, 4, 16 })
        {
            var (passes, rows) = (Scheduler.DecodePasses, Scheduler.DecodedRows);
            var clock = Stopwatch.StartNew();
            var answers = await Streams(generator, streams);
            var seconds = clock.Elapsed.TotalSeconds;
            for (var i = 0; i < streams; i++)
                Assert.Equal(_prompts[i % _prompts.Count].GreedyTokens.Take(Tokens).Select(t => (int)t), answers[i].SelectMany(d => d.TokenIds));
            (passes, rows) = (Scheduler.DecodePasses - passes, Scheduler.DecodedRows - rows);
            if (streams > 1) Assert.True(passes < rows, $"{streams} streams: {passes} passes for {rows} rows");
            output.WriteLine($"{streams,2} streams: {streams * Tokens / seconds,7:F0} tok/s aggregate, {rows / (double)passes:F1} rows per decode pass");
        }
    }

    BatchScheduler Scheduler => _registry.Base("stories260k").Scheduler;

    Task<List<GenerationDelta>[]> Streams(TextGenerator generator, int count) => Task.WhenAll(Enumerable.Range(0, count).Select(i =>
        Task.Run(() => Collect(generator, new GenerationRequest("stories260k",
            new Prompt.Tokens(_prompts[i % _prompts.Count].Ids.Select(id => (int)id).ToList()), Greedy, MaxNewTokens: Tokens)))));

    public void Dispose() => _registry.Dispose();
}

using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Tests.Models;
using OpenFineTune.Engine.Tests.Serving;
using static OpenFineTune.Engine.Tests.Serving.ServingTestModels;

namespace OpenFineTune.Engine.Tests.Generation;

/// <summary>
/// Concurrent requests decoded in shared passes (prompts of different lengths, arriving at different times, one
/// cancelled mid-way) each give the greedy tokens llama.cpp recorded for them alone.
/// </summary>
public sealed class BatchedGenerationTests : IDisposable
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // a hang guard, not a timing assertion
    const int GreedyTokens = 48;

    readonly Engine.Serving.ModelRegistry _registry = Stories();
    readonly IReadOnlyList<ReferencePrompt> _prompts = ReferencePrompt.Load("stories260k"); // 8, 33 and 120 tokens

    [Fact]
    public async Task StaggeredRequestsSharingPassesMatchTheReferenceAndACancelledOneStopsAtOnce()
    {
        var generator = new TextGenerator(_registry);
        var model = _registry.Base("stories260k");
        var scheduler = model.Scheduler;
        var hangUp = new TaskCompletionSource();
        Task<List<GenerationDelta>>[] firstWave = [];
        Task<int> cancelled = Task.FromResult(0);
        var readThree = new TaskCompletionSource();

        // Hold the model while the first wave arrives, so its prefills and decode steps all share the same turns.
        model.RunExclusive(() =>
        {
            firstWave = _prompts.Select(p => Task.Run(() => Collect(generator, GreedyRequest(p)))).ToArray();
            cancelled = Task.Run(() => ReadThenHangUp(generator, readThree, hangUp.Task));
            Assert.True(SpinWait.SpinUntil(() => scheduler.SequenceCount == 4, Patience));
        });
        await readThree.Task.WaitAsync(Patience); // decoding is under way: the second wave joins caches already filled
        var secondWave = _prompts.Select(p => Task.Run(() => Collect(generator, GreedyRequest(p)))).ToArray();
        hangUp.SetResult();

        var answers = await Task.WhenAll(firstWave.Concat(secondWave)).WaitAsync(Patience);
        for (var i = 0; i < answers.Length; i++)
            Assert.Equal(_prompts[i % _prompts.Count].GreedyTokens.Select(t => (int)t), answers[i].SelectMany(d => d.TokenIds));
        var cancelledRead = await cancelled.WaitAsync(Patience);
        Assert.Equal(3, cancelledRead);
        Assert.Equal(0, scheduler.SequenceCount); // every sequence left the scheduler, the cancelled one included

        // Decode rows of the cancelled request: what it read, plus at most the unread deltas a reader may fall behind.
        var cancelledRows = scheduler.DecodedRows - answers.Length * (GreedyTokens - 1);
        Assert.InRange(cancelledRows, 2, 3 + ScheduledSequence.MaxUnread);
        Assert.True(scheduler.DecodePasses < scheduler.DecodedRows, $"{scheduler.DecodePasses} passes for {scheduler.DecodedRows} rows: no pass was shared");
    }

    // A long sampled request whose client reads three deltas, stops reading, then hangs up.
    static async Task<int> ReadThenHangUp(TextGenerator generator, TaskCompletionSource readThree, Task hangUp)
    {
        using var leave = new CancellationTokenSource();
        var request = new GenerationRequest("stories260k", new Prompt.Text("Once upon a time"), new SamplingOptions(temperature: 1, seed: 3));
        var read = 0;
        await using var deltas = generator.GenerateAsync(generator.Prepare(request), leave.Token).GetAsyncEnumerator();
        while (read < 3 && await deltas.MoveNextAsync()) read++;
        readThree.SetResult();
        await hangUp;
        leave.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await deltas.MoveNextAsync());
        return read;
    }

    static GenerationRequest GreedyRequest(ReferencePrompt prompt) =>
        new("stories260k", new Prompt.Tokens(prompt.Ids.Select(i => (int)i).ToList()), Greedy, MaxNewTokens: GreedyTokens);

    public void Dispose() => _registry.Dispose();
}

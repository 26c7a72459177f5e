using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Tests.Models;
using OpenFineTune.Engine.Tests.Serving;
using static OpenFineTune.Engine.Tests.Serving.ServingTestModels;

namespace OpenFineTune.Engine.Tests.Generation;

/// <summary>Requests for the base and for an adapter on it, run at the same time, answer exactly as when run alone.</summary>
public sealed class ConcurrentGenerationTests : IDisposable
{
    readonly ScratchDirectory _scratch = new();
    readonly Engine.Serving.ModelRegistry _registry = Stories();

    [Fact]
    public async Task InterleavedRequestsOnBaseAndAdapterMatchTheirSoloRuns()
    {
        TestAdapter.For(_registry.Base("stories260k").Model, rank: 4, alpha: 8, seed: 21).Write(_scratch.Sub("ft"));
        _registry.Register("ft", "stories260k", _scratch.Sub("ft"));
        var generator = new TextGenerator(_registry);
        var prompts = ReferencePrompt.Load("stories260k").Select(p => p.Ids.Select(i => (int)i).ToList()).ToList();
        var requests = new List<GenerationRequest>();
        foreach (var model in new[] { "stories260k", "ft" })
            foreach (var ids in prompts)
                requests.Add(new GenerationRequest(model, new Prompt.Tokens(ids), new SamplingOptions(temperature: 0.8f, seed: 5), MaxNewTokens: 24, N: 2));
        var solo = new List<string>();
        foreach (var request in requests) solo.Add(Both(await Collect(generator, request)));
        var together = await Task.WhenAll(requests.Select(r => Task.Run(() => Collect(generator, r))));
        Assert.Equal(solo, together.Select(Both));
        Assert.Equal(requests.Count, solo.Distinct().Count()); // base and adapter, and each prompt, really differ
    }

    static string Both(List<GenerationDelta> deltas) => Text(deltas, 0) + "|" + Text(deltas, 1);

    public void Dispose()
    {
        _registry.Dispose();
        _scratch.Dispose();
    }
}

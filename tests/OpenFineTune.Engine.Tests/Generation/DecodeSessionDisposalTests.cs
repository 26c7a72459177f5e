using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Tests.Serving;
using TorchSharp;

namespace OpenFineTune.Engine.Tests.Generation;

/// <summary>A shared decode step leaves no tensor behind, and ending a request frees its KV cache (counts on this thread).</summary>
public sealed class DecodeSessionDisposalTests
{
    [Fact]
    public void SharedStepsKeepTheLiveTensorCountFlatAndDisposeFreesEverything()
    {
        using var registry = ServingTestModels.Stories();
        var generator = new TextGenerator(registry);
        GenerationRequest Request(string text, int n) =>
            new("stories260k", new Prompt.Text(text), new SamplingOptions(temperature: 1, seed: 1), MaxNewTokens: 400, N: n, TopLogprobs: 2);
        static long Live() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var before = Live();
        var sessions = new[] { Request("Once upon a time", 2), Request("The cat sat on the mat and looked", 1) }
            .Select(r => new DecodeSession(registry.Base("stories260k"), generator.Prepare(r))).ToList();
        foreach (var session in sessions) session.Prefill();
        for (var i = 0; i < 5; i++) DecodeSession.Step(sessions);
        var afterWarmUp = Live(); // the caches' buffers now exist
        for (var i = 0; i < 100; i++) DecodeSession.Step(sessions);
        Assert.Equal(afterWarmUp, Live());
        foreach (var session in sessions) session.Dispose();
        Assert.Equal(before, Live());
    }
}

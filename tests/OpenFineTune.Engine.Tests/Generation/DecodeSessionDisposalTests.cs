using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Tests.Serving;
using TorchSharp;

namespace OpenFineTune.Engine.Tests.Generation;

/// <summary>A decode step leaves no tensor behind, and ending a request frees its KV cache (counts on this thread).</summary>
public sealed class DecodeSessionDisposalTests
{
    [Fact]
    public void StepsKeepTheLiveTensorCountFlatAndDisposeFreesEverything()
    {
        using var registry = ServingTestModels.Stories();
        var generator = new TextGenerator(registry);
        var request = new GenerationRequest("stories260k", new Prompt.Text("Once upon a time"), new SamplingOptions(temperature: 1, seed: 1), MaxNewTokens: 400, N: 2, TopLogprobs: 2);
        var prepared = generator.Prepare(request);
        static long Live() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var before = Live();
        var session = new DecodeSession(registry.Base("stories260k"), prepared);
        session.Prefill();
        for (var i = 0; i < 5; i++) session.Step();
        var afterWarmUp = Live(); // the cache's buffers now exist
        for (var i = 0; i < 100; i++) session.Step();
        Assert.Equal(afterWarmUp, Live());
        session.Dispose();
        Assert.Equal(before, Live());
    }
}

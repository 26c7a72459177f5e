using OpenFineTune.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Models;

/// <summary>Every forward disposes its intermediates: decoding leaves only the logits the caller keeps and the cache.</summary>
public class ModelDisposalTests
{
    [Fact]
    public void DecodingKeepsTheLiveTensorCountFlatAndTheCacheFreesItsBuffers()
    {
        using var model = new CausalLM(TinyConfigs.Of(ModelFamily.Qwen2), ScalarType.Float32);
        WeightInit.Normal(model, seed: 1, std: 0.2, headStd: 0.2);
        using var noGrad = no_grad();
        var cache = model.NewCache();
        long Live() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        void Step(long id)
        {
            using var scope = NewDisposeScope();
            model.forward(tensor(new[] { id }).unsqueeze(0), cache).argmax(-1);
        }
        for (var i = 0; i < 10; i++) Step(i);
        var afterTen = Live();
        for (var i = 0; i < 100; i++) Step(i % 40); // crosses the cache's growth from 64 to 128 positions
        Assert.Equal(afterTen, Live());
        cache.Dispose();
        Assert.Equal(afterTen - 2 * model.Config.NumHiddenLayers, Live());
    }
}

using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Engine.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Serving;

/// <summary>
/// PEFT adapters served on the resident stories260K base: logits equal the base with W + (alpha/r)·B·A merged,
/// the base itself stays unchanged, and unloading frees the adapter's weights.
/// </summary>
public sealed class AdapterServingTests : IDisposable
{
    readonly ScratchDirectory _scratch = new();
    readonly ModelRegistry _registry = ServingTestModels.Stories();
    readonly long[] _ids = ReferencePrompt.Load("stories260k")[1].Ids;

    TestAdapter WriteAdapter(string name, long seed)
    {
        var adapter = TestAdapter.For(_registry.Base("stories260k").Model, rank: 4, alpha: 8, seed);
        adapter.Write(_scratch.Sub(name));
        return adapter;
    }

    float[] LogitsOf(string modelId)
    {
        var served = _registry.Resolve(modelId);
        using var lease = _registry.LeaseAdapter(served);
        return served.Base.RunAsync(() =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return served.Base.Model.forward(tensor(_ids).unsqueeze(0)).data<float>().ToArray();
        }, lease?.Weights, CancellationToken.None).GetAwaiter().GetResult();
    }

    static float[] MergedLogits(TestAdapter adapter, long[] ids)
    {
        using var merged = ModelDirectory.Load(ServingTestModels.Stories260k);
        adapter.MergeInto(merged);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return merged.forward(tensor(ids).unsqueeze(0)).data<float>().ToArray();
    }

    [Fact]
    public void AdapterLogitsEqualTheMergedModel()
    {
        var baseLogits = LogitsOf("stories260k");
        var adapter = WriteAdapter("ft", seed: 11);
        _registry.Register("ft:stories260k:test", "stories260k", _scratch.Sub("ft"));
        var served = LogitsOf("ft:stories260k:test");
        var merged = MergedLogits(adapter, _ids);
        Assert.Equal(merged.Length, served.Length);
        var worst = merged.Zip(served, (m, s) => Math.Abs(m - s)).Max();
        Assert.True(worst < 1e-4, $"max |merged - adapter| = {worst}");
        Assert.True(merged.Zip(baseLogits, (m, b) => Math.Abs(m - b)).Max() > 0.1, "the adapter must change the logits for this test to mean anything");
        Assert.Equal(baseLogits, LogitsOf("stories260k")); // the resident base is shared, not changed
    }

    [Fact]
    public void AdapterSavedByTheTrainerPathServesTheTrainedModelsLogits()
    {
        // What a fine-tuning job writes: LoRA injected by LoraInjector (here rsLoRA on every projection), saved by PeftAdapter.
        using var trained = ModelDirectory.Load(ServingTestModels.Stories260k);
        var settings = new Engine.Peft.LoraSettings { Rank = 4, Alpha = 16, Dropout = 0, UseRsLora = true };
        var injection = Engine.Peft.LoraInjector.Inject(trained, settings, new Generator(17));
        using (no_grad())
            foreach (var lora in injection.Adapters.Values) lora.LoraB.normal_(0, 0.1, new Generator(18));
        Engine.Peft.PeftAdapter.Save(_scratch.Sub("job"), injection, "stories260k");
        trained.eval();
        float[] expected;
        using (NewDisposeScope()) using (no_grad()) expected = trained.forward(tensor(_ids).unsqueeze(0)).data<float>().ToArray();

        _registry.Register("ft:stories260k:job", "stories260k", _scratch.Sub("job"));
        var served = LogitsOf("ft:stories260k:job");
        var worst = expected.Zip(served, (e, s) => Math.Abs(e - s)).Max();
        Assert.True(worst < 1e-4, $"max |trained - served| = {worst}");
        Assert.True(expected.Zip(LogitsOf("stories260k"), (e, b) => Math.Abs(e - b)).Max() > 0.1);
    }

    [Fact]
    public async Task AdapterIsServedThroughTheGeneratorUnderItsOwnId()
    {
        WriteAdapter("ft", seed: 5);
        _registry.Register("my-adapter", "stories260k", _scratch.Sub("ft"));
        var generator = new TextGenerator(_registry);
        var request = new GenerationRequest("my-adapter", new Prompt.Tokens(_ids.Select(i => (int)i).ToList()), ServingTestModels.Greedy, MaxNewTokens: 12);
        var prepared = generator.Prepare(request);
        Assert.NotEqual(_registry.Base("stories260k").Fingerprint, prepared.SystemFingerprint);
        var adapted = (await ServingTestModels.Collect(generator, request)).SelectMany(d => d.TokenIds);
        var plain = (await ServingTestModels.Collect(generator, request with { Model = "stories260k" })).SelectMany(d => d.TokenIds);
        Assert.NotEqual(plain, adapted);
    }

    [Fact]
    public void UnregisterFreesTheWeights()
    {
        WriteAdapter("ft", seed: 3);
        _registry.Register("ft-a", "stories260k", _scratch.Sub("ft"));
        LogitsOf("ft-a");
        Assert.Equal(1, _registry.LoadedAdapterCount);
        Assert.True(_registry.LoadedAdapterBytes > 0);
        Assert.True(_registry.Unregister("ft-a"));
        Assert.Equal(0, _registry.LoadedAdapterCount);
        Assert.False(_registry.IsRegistered("ft-a"));
        Assert.False(_registry.Unregister("ft-a"));
        Assert.Throws<ModelNotFoundException>(() => _registry.Resolve("ft-a"));
    }

    [Fact]
    public void LeastRecentlyUsedAdapterIsUnloadedBeyondTheBudget()
    {
        using var registry = new ModelRegistry(new EngineOptions { Models = [$"stories260k={ServingTestModels.Stories260k}"], MaxLoadedAdapters = 1, Threads = 1 });
        WriteAdapter("one", seed: 1);
        WriteAdapter("two", seed: 2);
        registry.Register("one", "stories260k", _scratch.Sub("one"));
        registry.Register("two", "stories260k", _scratch.Sub("two"));
        using (registry.LeaseAdapter(registry.Resolve("one"))) { }
        using (var lease = registry.LeaseAdapter(registry.Resolve("two")))
        {
            Assert.Equal(1, registry.LoadedAdapterCount);
            Assert.False(lease!.Weights.IsDisposed);
        }
        using var again = registry.LeaseAdapter(registry.Resolve("one")); // reloaded on demand
        Assert.False(again!.Weights.IsDisposed);
        Assert.Equal(1, registry.LoadedAdapterCount);
    }

    [Fact]
    public void UnregisterDuringAGenerationFreesTheWeightsWhenItEnds()
    {
        WriteAdapter("ft", seed: 6);
        _registry.Register("busy", "stories260k", _scratch.Sub("ft"));
        var lease = _registry.LeaseAdapter(_registry.Resolve("busy"))!;
        Assert.True(_registry.Unregister("busy"));
        Assert.False(lease.Weights.IsDisposed); // the running generation keeps its adapter
        lease.Dispose();
        Assert.True(lease.Weights.IsDisposed);
    }

    [Fact]
    public void ByteBudgetKeepsOnlyWhatFits()
    {
        WriteAdapter("one", seed: 1);
        WriteAdapter("two", seed: 2);
        _registry.Register("one", "stories260k", _scratch.Sub("one"));
        using (_registry.LeaseAdapter(_registry.Resolve("one"))) { }
        var oneAdapterBytes = _registry.LoadedAdapterBytes;
        using var registry = new ModelRegistry(new EngineOptions
        {
            Models = [$"stories260k={ServingTestModels.Stories260k}"], MaxLoadedAdapterBytes = oneAdapterBytes + 1, Threads = 1,
        });
        registry.Register("one", "stories260k", _scratch.Sub("one"));
        registry.Register("two", "stories260k", _scratch.Sub("two"));
        using (registry.LeaseAdapter(registry.Resolve("one"))) { }
        using (registry.LeaseAdapter(registry.Resolve("two"))) { }
        Assert.Equal((1, oneAdapterBytes), (registry.LoadedAdapterCount, registry.LoadedAdapterBytes));
    }

    [Fact]
    public void AdapterOptionServesAnAdapterAtStartup()
    {
        WriteAdapter("peft-trained", seed: 9);
        using var registry = new ModelRegistry(new EngineOptions
        {
            Models = [$"stories260k={ServingTestModels.Stories260k}"], Adapters = [$"helper={_scratch.Sub("peft-trained")}"], Threads = 1,
        });
        Assert.True(registry.IsRegistered("helper"));
        Assert.Equal("stories260k", registry.Resolve("helper").Base.Id);
    }

    [Fact]
    public void AdapterForAnotherModelShapeNamesTheFile()
    {
        WriteAdapter("ft", seed: 4);
        var config = _scratch.Sub("ft", "adapter_config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"r\":4", "\"r\":8"));
        _registry.Register("bad", "stories260k", _scratch.Sub("ft"));
        var e = Assert.Throws<ModelLoadException>(() => _registry.LeaseAdapter(_registry.Resolve("bad")));
        Assert.EndsWith("adapter_model.safetensors", e.File);
    }

    [Fact]
    public void RegisteringOnAnUnknownBaseIsRefused()
    {
        WriteAdapter("ft", seed: 4);
        var e = Assert.Throws<ArgumentException>(() => _registry.Register("x", "llama-70b", _scratch.Sub("ft")));
        Assert.Equal("baseModelId", e.ParamName);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _scratch.Dispose();
    }
}

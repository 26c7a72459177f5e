using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.Safetensors;
using OpenFineTune.Engine.Peft;
using OpenFineTune.Engine.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Peft;

/// <summary>
/// LoRA/QLoRA on the HF-named model code: PEFT keys match the real module paths, and an adapter saved from one model
/// and loaded onto a freshly loaded base gives identical logits.
/// </summary>
public class PeftAdapterOnRealModelTests
{
    static readonly long[] Prompt = [1, 5, 9, 2, 7, 3, 11, 4];

    static CausalLM TinyRandomLlama()
    {
        var model = new CausalLM(TinyConfigs.Of(ModelFamily.Llama), ScalarType.Float32);
        WeightInit.Normal(model, seed: 3, std: 0.2, headStd: 0.2);
        model.eval();
        return model;
    }

    static CausalLM FixtureModel(string name) =>
        ModelDirectory.Load(Path.Combine(TestPaths.Fixtures, "reference-models", name, "hf"));

    static Tensor Logits(CausalLM model)
    {
        using var ids = tensor(Prompt).unsqueeze(0);
        using var noGrad = no_grad();
        return model.forward(ids);
    }

    static void GiveAdaptersValues(LoraInjection injection)
    {
        using var g = new Generator(17);
        using var noGrad = no_grad();
        foreach (var b in injection.TrainableParameters.Where(p => p.Key.EndsWith(".lora_B.weight")))
            b.Value.copy_(randn(b.Value.shape, generator: g) * 0.05f);
    }

    public static TheoryData<string, BaseQuantization> Cases => new()
    {
        { "tiny-random-llama", BaseQuantization.None },
        { "tiny-random-llama", BaseQuantization.Nf4 },
        { "tiny-qwen2-random", BaseQuantization.Nf4 },
        { "stories260k", BaseQuantization.None },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AdapterReloadedOntoAFreshBaseGivesIdenticalLogits(string modelName, BaseQuantization quantization)
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        Func<CausalLM> load = modelName == "tiny-random-llama" ? TinyRandomLlama : () => FixtureModel(modelName);
        var settings = new LoraSettings { Rank = 4, Alpha = 8, Quantization = quantization };

        using var trained = load();
        var baseLogits = Logits(trained);
        var injection = LoraInjector.Inject(trained, settings, new Generator(1));
        GiveAdaptersValues(injection);
        var adaptedLogits = Logits(trained);
        PeftAdapter.Save(dir.Path, injection, modelName);

        using var fresh = load();
        PeftAdapter.Load(dir.Path, fresh, quantization);
        Assert.True(Logits(fresh).eq(adaptedLogits).all().item<bool>(), "reloaded adapter logits differ");
        Assert.False(adaptedLogits.allclose(baseLogits), "the adapter should change the logits");
    }

    [Fact]
    public void AdapterKeysAreThoseOfPeftOnAHuggingFaceModel()
    {
        using var dir = new TempDirectory();
        using var model = FixtureModel("tiny-qwen2-random");
        var injection = LoraInjector.Inject(model, new LoraSettings());
        PeftAdapter.Save(dir.Path, injection, "tiny-qwen2-random");
        using var file = new SafetensorsFile(dir.File(PeftAdapter.WeightsFile));
        var layers = model.Config.NumHiddenLayers;
        Assert.Equal(layers * 7 * 2, file.Names.Count);
        Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", file.Names);
        Assert.Contains("base_model.model.model.layers.0.mlp.down_proj.lora_B.weight", file.Names);
        Assert.Equal([16L, model.Config.HiddenSize], file.Entry("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").Shape);
        // Only the adapters train: embeddings, norms and the frozen bases do not.
        Assert.Equal(injection.TrainableParameters.Count, model.parameters().Count(p => p.requires_grad));
    }
}

public class LoraMergeOnRealModelTests
{
    [Fact]
    public void AdaptedLogitsEqualTheBaseWithMergedWeights()
    {
        using var scope = NewDisposeScope();
        var dir = Path.Combine(TestPaths.Fixtures, "reference-models", "tiny-qwen2-random", "hf");
        using var ids = tensor(new long[] { 3, 8, 1, 9, 4 }).unsqueeze(0);
        using var adapted = ModelDirectory.Load(dir);
        var injection = LoraInjector.Inject(adapted, new LoraSettings { Rank = 8, Alpha = 16 }, new Generator(2));
        using (no_grad())
            foreach (var b in injection.TrainableParameters.Where(p => p.Key.EndsWith(".lora_B.weight")))
                b.Value.copy_(randn(b.Value.shape, generator: new Generator(3)) * 0.05f);

        using var merged = ModelDirectory.Load(dir);
        var parameters = merged.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
            foreach (var (key, weight) in injection.MergedWeights()) parameters[key].copy_(weight);

        using var noGrad = no_grad();
        // Issue #4's adapter check: logits of base + adapter equal those of W + (alpha/r)·B·A merged, within 1e-4.
        Assert.True(adapted.forward(ids).allclose(merged.forward(ids), rtol: 0, atol: 1e-4));
    }
}

using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Models;

public class ModelDirectoryTests
{
    static CausalLM RandomModel(ModelFamily family)
    {
        var model = new CausalLM(TinyConfigs.Of(family), ScalarType.Float32) { Generation = new GenerationConfig { EosTokenId = [47], Temperature = 0.7 } };
        WeightInit.Normal(model, seed: 11, std: 0.2, headStd: 0.2);
        return model;
    }

    static Tensor Logits(CausalLM model)
    {
        using var noGrad = no_grad();
        using var ids = tensor(new long[] { 3, 1, 4, 1, 5, 9, 2, 6 }).unsqueeze(0);
        return model.forward(ids);
    }

    [Theory]
    [InlineData("LlamaForCausalLM")]
    [InlineData("Qwen2ForCausalLM")]
    public void SavedModelLoadsBackAsTheSameModel(string architecture)
    {
        using var dir = new TempDirectory();
        using var original = RandomModel(ModelFamily.Find(architecture)!);
        ModelDirectory.Save(original, dir.Path);
        using var loaded = ModelDirectory.Load(dir.Path);
        using var expected = Logits(original);
        using var actual = Logits(loaded);
        Assert.True(expected.equal(actual).all().item<bool>());
        Assert.Equal([47], loaded.Generation.EosTokenIds);
        Assert.Equal(0.7, loaded.Generation.Temperature);
        Assert.Equal(original.Config.TieWordEmbeddings, loaded.Config.TieWordEmbeddings);
    }

    [Fact]
    public void MissingUnexpectedAndMisshapenKeysAreAllNamed()
    {
        using var dir = new TempDirectory();
        using (var model = RandomModel(ModelFamily.Llama)) ModelDirectory.Save(model, dir.Path);
        var path = dir.File("model.safetensors");
        var tensors = new Dictionary<string, Tensor>();
        using (var file = new SafetensorsFile(path))
            foreach (var name in file.Names) tensors[name] = file.Read(name);
        tensors.Remove("model.layers.1.mlp.up_proj.weight");
        tensors["model.layers.0.self_attn.rotary.weight"] = zeros(3);
        tensors["model.norm.weight"] = ones(31);
        SafetensorsWriter.Write(path, tensors);

        var e = Assert.Throws<ModelLoadException>(() => ModelDirectory.Load(dir.Path));
        Assert.Equal(path, e.File);
        Assert.Contains("missing keys: model.layers.1.mlp.up_proj.weight", e.Problem);
        Assert.Contains("unexpected keys: model.layers.0.self_attn.rotary.weight", e.Problem);
        Assert.Contains("model.norm.weight has shape [31] in the checkpoint but the model expects [32]", e.Problem);
    }

    [Fact]
    public void UnsupportedArchitectureFailsBeforeReadingWeights()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("config.json"), """{"architectures": ["GemmaForCausalLM"], "vocab_size": 8}""");
        var e = Assert.Throws<ModelLoadException>(() => ModelDirectory.Load(dir.Path));
        Assert.Equal(dir.File("config.json"), e.File);
        Assert.Contains("\"GemmaForCausalLM\" is not supported", e.Problem);
    }

    [Fact]
    public void SavingInBfloat16WritesBf16AndAutoLoadsItSo()
    {
        using var dir = new TempDirectory();
        using (var model = RandomModel(ModelFamily.Llama)) ModelDirectory.Save(model, dir.Path, ScalarType.BFloat16);
        using (var file = new SafetensorsFile(dir.File("model.safetensors")))
            Assert.All(file.Names, n => Assert.Equal("BF16", file.Entry(n).DTypeName));
        Assert.Equal("bfloat16", DecoderConfig.Load(dir.File("config.json")).SavedDtype);
        using var loaded = ModelDirectory.Load(dir.Path, "auto");
        Assert.Equal(ScalarType.BFloat16, loaded.DType);
        Assert.All(loaded.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        using var asFloat = ModelDirectory.Load(dir.Path, "float32");
        Assert.Equal(ScalarType.Float32, asFloat.parameters().First().dtype);
    }

    [Fact]
    public void UnknownDtypeOptionIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelDType.Resolve("int8", TinyConfigs.Of(ModelFamily.Llama)));
        Assert.Contains("auto, float32, bfloat16, float16", e.Message);
    }
}

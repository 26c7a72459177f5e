using System.Text.Json;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.Safetensors;
using OpenFineTune.Engine.Peft;
using OpenFineTune.Engine.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Peft;

/// <summary>The PEFT adapter directory: PEFT's key names and config fields, and exact reloads onto a fresh base.</summary>
public class PeftAdapterTests
{
    static readonly LoraSettings Settings = new() { Rank = 4, Alpha = 16, TargetModules = ["q_proj", "up_proj"] };

    /// <summary>Injects with a seed and gives B random values so the adapter changes the output.</summary>
    static LoraInjection Trained(FakeProjectionModel model, LoraSettings settings)
    {
        using var g = new Generator(11);
        var injection = LoraInjector.Inject(model, settings, g);
        using var noGrad = no_grad();
        foreach (var b in injection.TrainableParameters.Where(p => p.Key.EndsWith("lora_B.weight")))
            b.Value.copy_(randn(b.Value.shape, generator: g) * 0.1f);
        return injection;
    }

    [Fact]
    public void SavedAdapterHasPeftKeyNamesAndConfigFields()
    {
        using var dir = new TempDirectory();
        using var model = new FakeProjectionModel(dim: 64, seed: 1);
        PeftAdapter.Save(dir.Path, Trained(model, Settings), "fixtures/tiny");

        using (var file = new SafetensorsFile(dir.File(PeftAdapter.WeightsFile)))
        {
            var expected = new[] { "model.layers.0", "model.layers.1" }
                .SelectMany(l => new[] { "q_proj", "up_proj" }.Select(p => $"base_model.model.{l}.{p}"))
                .SelectMany(m => new[] { m + ".lora_A.weight", m + ".lora_B.weight" });
            Assert.Equal(expected.Order(), file.Names.Order());
            Assert.Equal([4L, 64L], file.Entry("base_model.model.model.layers.0.up_proj.lora_A.weight").Shape);
            Assert.Equal([128L, 4L], file.Entry("base_model.model.model.layers.0.up_proj.lora_B.weight").Shape);
        }
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File(PeftAdapter.ConfigFile)));
        var c = json.RootElement;
        Assert.Equal("LORA", c.GetProperty("peft_type").GetString());
        Assert.Equal(4, c.GetProperty("r").GetInt32());
        Assert.Equal(16, c.GetProperty("lora_alpha").GetDouble());
        Assert.Equal(0.05, c.GetProperty("lora_dropout").GetDouble());
        Assert.Equal(["q_proj", "up_proj"], c.GetProperty("target_modules").EnumerateArray().Select(e => e.GetString()));
        Assert.False(c.GetProperty("use_rslora").GetBoolean());
        Assert.False(c.GetProperty("fan_in_fan_out").GetBoolean());
        Assert.Equal("none", c.GetProperty("bias").GetString());
        Assert.Equal("CAUSAL_LM", c.GetProperty("task_type").GetString());
        Assert.Equal("fixtures/tiny", c.GetProperty("base_model_name_or_path").GetString());
    }

    [Theory]
    [InlineData(BaseQuantization.None)]
    [InlineData(BaseQuantization.Nf4)]
    public void AdapterLoadedOntoAFreshBaseGivesIdenticalOutputs(BaseQuantization quantization)
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        var settings = Settings with { Quantization = quantization, UseRsLora = true };
        var x = randn([3, 64], generator: new Generator(5));
        using var trainedModel = new FakeProjectionModel(dim: 64, seed: 1);
        PeftAdapter.Save(dir.Path, Trained(trainedModel, settings), null);
        trainedModel.eval();
        var expected = trainedModel.call(x);

        using var fresh = new FakeProjectionModel(dim: 64, seed: 1);
        var loaded = PeftAdapter.Load(dir.Path, fresh, quantization);
        fresh.eval();
        Assert.True(fresh.call(x).eq(expected).all().item<bool>());
        Assert.True(loaded.Settings.UseRsLora);
        Assert.Equal(4, loaded.Adapters.Count);
    }

    [Fact]
    public void AdapterMissingATensorIsRefusedNamingItAndLeavesTheModelUntouched()
    {
        using var dir = new TempDirectory();
        using var model = new FakeProjectionModel(dim: 64, seed: 1);
        var injection = Trained(model, Settings);
        PeftAdapter.Save(dir.Path, injection, null);
        var kept = injection.TrainableParameters.Where(p => !p.Key.Contains("layers.1.q_proj.lora_B"))
            .Select(p => new KeyValuePair<string, Tensor>(p.Key, p.Value));
        SafetensorsWriter.Write(dir.File(PeftAdapter.WeightsFile), kept);

        using var fresh = new FakeProjectionModel(dim: 64, seed: 1);
        var e = Assert.Throws<ModelLoadException>(() => PeftAdapter.Load(dir.Path, fresh));
        Assert.Contains("missing 1 tensor(s): base_model.model.model.layers.1.q_proj.lora_B.weight", e.Message);
        Assert.DoesNotContain(fresh.modules(), m => m is LoraLinear);
    }

    [Fact]
    public void UnsupportedConfigFieldIsNamed()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(PeftAdapter.ConfigFile),
            """{"peft_type":"LORA","r":8,"lora_alpha":16,"target_modules":["q_proj"],"use_dora":true}""");
        var config = PeftAdapter.ReadConfig(dir.Path);
        var e = Assert.Throws<ModelLoadException>(() => config.ToSettings(dir.File(PeftAdapter.ConfigFile), BaseQuantization.None));
        Assert.Contains("use_dora: expected false", e.Message);
    }

    [Fact]
    public void PeftInMemoryAndSavedKeyFormsParseToTheSameModule()
    {
        Assert.Equal(("model.layers.0.self_attn.q_proj", "lora_A.weight"),
            PeftNames.Parse("base_model.model.model.layers.0.self_attn.q_proj.lora_A.default.weight"));
        Assert.Equal(("model.layers.0.mlp.down_proj", "lora_B.weight"),
            PeftNames.Parse("base_model.model.model.layers.0.mlp.down_proj.lora_B.weight"));
    }

    [Fact]
    public void StringTargetModulesIsARegexOverModulePathsAsInPeft()
    {
        using var model = new FakeProjectionModel(dim: 64, seed: 1);
        var settings = new LoraSettings { TargetModules = [LoraSettings.RegexPrefix + @"model\.layers\.1\..*_proj"] };
        Assert.Equal(["model.layers.1.q_proj", "model.layers.1.v_proj", "model.layers.1.up_proj"],
            LoraInjector.TargetPaths(model, settings));
    }
}

using OpenFineTune.Engine.Peft;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Peft;

public class LoraInjectorTests
{
    static readonly string[] Layers = ["model.layers.0", "model.layers.1"];

    [Fact]
    public void InjectionWrapsExactlyTheTargetsAndFreezesEverythingElse()
    {
        using var model = new FakeProjectionModel(dim: 64, seed: 1);
        var injection = LoraInjector.Inject(model, new LoraSettings { Rank = 4, TargetModules = ["q", "up_proj"] });

        var expected = Layers.SelectMany(l => new[] { $"{l}.q_proj", $"{l}.up_proj" }).ToArray();
        Assert.Equal(expected, injection.Adapters.Keys.ToArray());
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        Assert.All(expected, path => Assert.IsType<LoraLinear>(modules[path]));
        Assert.All(Layers, l => Assert.IsType<Linear>(modules[$"{l}.v_proj"]));

        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).Order().ToArray();
        var expectedTrainable = expected.SelectMany(p => new[] { $"{p}.lora_A.weight", $"{p}.lora_B.weight" }).Order().ToArray();
        Assert.Equal(expectedTrainable, trainable);
        Assert.Equal(expectedTrainable.Select(n => "base_model.model." + n).Order(), injection.TrainableParameters.Keys.Order());
    }

    [Fact]
    public void DefaultTargetsThatTheModelLacksAreReportedByName()
    {
        using var model = new FakeProjectionModel(dim: 64, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => LoraInjector.Inject(model, new LoraSettings()));
        Assert.Contains("target_modules k_proj, o_proj, gate_proj, down_proj not found", e.Message);
        Assert.Contains("q_proj, up_proj, v_proj", e.Message);
    }

    [Fact]
    public void FreshAdaptersLeaveTheDenseModelOutputUnchangedAndKeepEvalMode()
    {
        using var scope = NewDisposeScope();
        using var model = new FakeProjectionModel(dim: 64, seed: 2);
        model.eval();
        var x = randn([3, 64], generator: new Generator(3));
        var before = model.call(x);
        var injection = LoraInjector.Inject(model, new LoraSettings { Rank = 4, TargetModules = ["q_proj", "v_proj", "up_proj"] });
        Assert.True(model.call(x).allclose(before, rtol: 1e-6, atol: 1e-6));
        Assert.All(injection.Adapters.Values, a => Assert.False(a.training)); // an eval-mode model gets no dropout
    }

    [Fact]
    public void Nf4InjectionQuantizesTheTargetedBasesOnly()
    {
        using var model = new FakeProjectionModel(dim: 64, seed: 4);
        var injection = LoraInjector.Inject(model, new LoraSettings
        {
            Rank = 4, TargetModules = ["q_proj", "up_proj"], Quantization = BaseQuantization.Nf4,
        });
        Assert.All(injection.Adapters.Values, a => Assert.IsType<Nf4Linear>(a.BaseLayer));
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        Assert.IsType<Linear>(modules["model.layers.0.v_proj"]);
        Assert.DoesNotContain(model.parameters(), p => p.requires_grad && !injection.TrainableParameters.Values.Contains(p));
        // q_proj 64×64 and up_proj 128×64 per layer: packed codes alone are half a byte per weight.
        Assert.True(injection.QuantizedBaseBytes >= 2 * (64 * 64 + 128 * 64) / 2);
    }

    [Fact]
    public void SameSeedGivesTheSameAdapters()
    {
        float[] FirstA()
        {
            using var model = new FakeProjectionModel(dim: 64, seed: 5);
            using var g = new Generator(42);
            var injection = LoraInjector.Inject(model, new LoraSettings { TargetModules = ["v_proj"] }, g);
            return injection.Adapters["model.layers.1.v_proj"].LoraA.data<float>().ToArray();
        }
        Assert.Equal(FirstA(), FirstA());
    }
}

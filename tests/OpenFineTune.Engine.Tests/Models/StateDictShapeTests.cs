using OpenFineTune.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Models;

/// <summary>
/// The full parameter listing ("key [shape]") of each family, built on the meta device (no memory), against
/// approved files in Approved/. The keys must be exactly those of the HF checkpoints, or loading fails.
/// </summary>
public class StateDictShapeTests
{
    static string Listing(DecoderConfig config)
    {
        using var model = new CausalLM(config, ScalarType.BFloat16, META);
        return string.Join("\n", model.named_parameters().Select(p => $"{p.name} [{string.Join(", ", p.parameter.shape)}]")) + "\n";
    }

    static string Approved(string name) => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "OpenFineTune.Engine.Tests", "Models", "Approved", name + ".txt"));

    [Theory]
    [InlineData("qwen2.5-instruct")]   // Qwen2: q/k/v biases, tied head (Qwen2.5-0.5B)
    [InlineData("llama-3.2-instruct")] // Llama 3.2 1B: tied head
    [InlineData("tinyllama-chat")]     // Llama 2 shape: untied lm_head
    public void RealConfigsGiveTheHfKeysAndShapes(string fixture)
    {
        var config = DecoderConfig.Load(Path.Combine(TestPaths.Fixtures, fixture, "config.json"));
        Assert.Equal(Approved(fixture), Listing(config));
    }

    [Fact]
    public void Qwen3HasPerHeadQueryAndKeyNorms() => Assert.Equal(Approved("tiny-qwen3"), Listing(TinyConfigs.Of(ModelFamily.Qwen3)));

    [Fact]
    public void MistralHasNoBiases() => Assert.Equal(Approved("tiny-mistral"), Listing(TinyConfigs.Of(ModelFamily.Mistral, slidingWindow: 4)));

    [Fact]
    public void ProjectionOwnersAreListedWithTheirModulePaths()
    {
        using var model = new CausalLM(TinyConfigs.Of(ModelFamily.Llama), ScalarType.Float32, META);
        var owners = model.ProjectionOwners().ToList();
        Assert.Equal(["model.layers.0.self_attn", "model.layers.0.mlp", "model.layers.1.self_attn", "model.layers.1.mlp"], owners.Select(o => o.Path));
        Assert.Equal(["q_proj", "k_proj", "v_proj", "o_proj"], owners[0].Owner.Projections.Keys);
        Assert.Equal(["gate_proj", "up_proj", "down_proj"], owners[1].Owner.Projections.Keys);
    }

    [Fact]
    public void ReplacedProjectionIsUsedByForwardAndSeenByTheRegistry()
    {
        using var model = new CausalLM(TinyConfigs.Of(ModelFamily.Llama), ScalarType.Float32);
        foreach (var (_, p) in model.named_parameters()) p.normal_(0, 0.2, generator: new Generator(1));
        using var ids = tensor(new long[] { 1, 2, 3 }).unsqueeze(0);
        using var before = model.forward(ids);
        var (path, attention) = model.ProjectionOwners().First();
        var wrapper = new Doubling(attention.Projections["v_proj"]);
        attention.ReplaceProjection("v_proj", wrapper);
        using var after = model.forward(ids);
        Assert.False(before.allclose(after));
        Assert.Contains(model.named_modules(), m => m.name == path + ".v_proj" && ReferenceEquals(m.module, wrapper));
        Assert.Contains(model.named_parameters(), p => p.name == path + ".v_proj.inner.weight");
    }

    sealed class Doubling : nn.Module<Tensor, Tensor>
    {
        readonly nn.Module<Tensor, Tensor> inner;
        public Doubling(nn.Module<Tensor, Tensor> inner) : base(nameof(Doubling)) { this.inner = inner; RegisterComponents(); }
        public override Tensor forward(Tensor x) => inner.forward(x) * 2;
    }
}

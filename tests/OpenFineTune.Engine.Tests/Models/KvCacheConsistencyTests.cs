using OpenFineTune.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Models;

/// <summary>
/// A full-sequence pass and incremental decoding with the KV cache must give the same logits, for every family,
/// including Mistral's sliding window (which only the explicit mask path exercises) and Qwen3's q/k norms.
/// </summary>
public class KvCacheConsistencyTests
{
    static readonly long[] Ids = [5, 17, 3, 44, 2, 9, 30, 12, 7, 41, 19, 1];

    static CausalLM RandomModel(DecoderConfig config)
    {
        var model = new CausalLM(config, ScalarType.Float32);
        WeightInit.Normal(model, seed: 3, std: 0.3, headStd: 0.3);
        return model;
    }

    static Tensor Full(CausalLM model)
    {
        using var noGrad = no_grad();
        return model.forward(tensor(Ids).unsqueeze(0))[0]; // [T, vocab]
    }

    // Prefill the first `prefill` tokens in one call, then one token per call.
    static Tensor Incremental(CausalLM model, int prefill)
    {
        using var noGrad = no_grad();
        using var cache = model.NewCache();
        var parts = new List<Tensor> { model.forward(tensor(Ids[..prefill]).unsqueeze(0), cache)[0] };
        for (var i = prefill; i < Ids.Length; i++) parts.Add(model.forward(tensor(new[] { Ids[i] }).unsqueeze(0), cache)[0]);
        Assert.Equal(Ids.Length, cache.Length);
        return cat(parts, 0);
    }

    public static TheoryData<string, int?> Cases => new()
    {
        { "LlamaForCausalLM", null }, { "Qwen2ForCausalLM", null }, { "Qwen3ForCausalLM", null }, { "MistralForCausalLM", 4 },
    };

    [Theory, MemberData(nameof(Cases))]
    public void IncrementalDecodingEqualsFullPass(string architecture, int? window)
    {
        using var model = RandomModel(TinyConfigs.Of(ModelFamily.Find(architecture)!, window));
        using var full = Full(model);
        foreach (var prefill in new[] { 1, 5 })
        {
            using var incremental = Incremental(model, prefill);
            var diff = (full - incremental).abs().max().item<float>();
            Assert.True(diff < 1e-5, $"prefill {prefill}: max |Δ| {diff}");
        }
    }

    [Fact]
    public void TruncatedCacheContinuesAsIfTheLaterTokensWereNeverSeen()
    {
        using var model = RandomModel(TinyConfigs.Of(ModelFamily.Llama));
        using var full = Full(model);
        using var noGrad = no_grad();
        using var cache = model.NewCache();
        model.forward(tensor(Ids).unsqueeze(0), cache).Dispose();
        cache.Truncate(5);
        using var again = model.forward(tensor(Ids[5..]).unsqueeze(0), cache)[0];
        Assert.True(full.narrow(0, 5, Ids.Length - 5).allclose(again, rtol: 0, atol: 1e-5));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Truncate(Ids.Length + 1));
    }

    [Fact]
    public void SlidingWindowHidesOnlyTokensOutsideTheWindow()
    {
        using var windowed = RandomModel(TinyConfigs.Of(ModelFamily.Mistral, slidingWindow: 4));
        using var unwindowed = RandomModel(TinyConfigs.Of(ModelFamily.Mistral));
        using var a = Full(windowed);
        using var b = Full(unwindowed);
        // Positions 0-3 see at most 4 tokens either way; later ones lose the oldest tokens.
        Assert.True(a.narrow(0, 0, 4).allclose(b.narrow(0, 0, 4), rtol: 0, atol: 1e-6));
        Assert.False(a.narrow(0, 4, 1).allclose(b.narrow(0, 4, 1), rtol: 0, atol: 1e-3));
    }
}

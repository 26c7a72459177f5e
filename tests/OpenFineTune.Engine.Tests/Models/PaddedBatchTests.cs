using OpenFineTune.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Models;

/// <summary>Sequences of different lengths, left-padded into one batch, give the logits each gives alone.</summary>
public class PaddedBatchTests
{
    static readonly long[] Long = [5, 17, 3, 44, 2, 9], Short = [30, 12, 7];
    const long Pad = 0;

    static CausalLM RandomModel(ModelFamily family, int? window = null)
    {
        var model = new CausalLM(TinyConfigs.Of(family, window), ScalarType.Float32);
        WeightInit.Normal(model, seed: 5, std: 0.3, headStd: 0.3);
        return model;
    }

    static Tensor Alone(CausalLM model, long[] ids)
    {
        using var noGrad = no_grad();
        return model.forward(tensor(ids).unsqueeze(0))[0]; // [T, vocab]
    }

    [Theory]
    [InlineData("LlamaForCausalLM", null)]
    [InlineData("Qwen2ForCausalLM", null)]
    [InlineData("MistralForCausalLM", 3)]
    public void PrefillThenDecodeOfAPaddedBatchMatchesEachSequenceAlone(string architecture, int? window)
    {
        using var model = RandomModel(ModelFamily.Find(architecture)!, window);
        using var noGrad = no_grad();
        using var cache = model.NewCache();
        var padding = Long.Length - Short.Length;
        var ids = tensor(Long.Concat(Enumerable.Repeat(Pad, padding)).Concat(Short).ToArray()).reshape(2, Long.Length);
        var mask = tensor(Enumerable.Repeat(1L, Long.Length).Concat(Enumerable.Repeat(0L, padding)).Concat(Enumerable.Repeat(1L, Short.Length)).ToArray()).reshape(2, Long.Length);
        using var prefill = model.forward(ids, cache, attentionMask: mask); // [2, 6, vocab]
        AssertClose(Alone(model, Long), prefill[0]);
        AssertClose(Alone(model, Short), prefill[1].narrow(0, padding, Short.Length));

        // One decode step for both rows: the mask grows by the new token.
        var next = tensor(new long[] { 21, 22 }).unsqueeze(1);
        var grown = cat([mask, ones(2, 1, ScalarType.Int64)], 1);
        using var step = model.forward(next, cache, attentionMask: grown); // [2, 1, vocab]
        AssertClose(Alone(model, [.. Long, 21])[^1], step[0, 0]);
        AssertClose(Alone(model, [.. Short, 22])[^1], step[1, 0]);
    }

    [Fact]
    public void MaskOfTheWrongWidthIsRejected()
    {
        using var model = RandomModel(ModelFamily.Llama);
        var e = Assert.Throws<ArgumentException>(() => model.forward(tensor(Short).unsqueeze(0), attentionMask: ones(1, 5, ScalarType.Int64)));
        Assert.Contains("attentionMask must be [batch, 3]", e.Message);
    }

    static void AssertClose(Tensor expected, Tensor actual)
    {
        var diff = (expected - actual).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max |Δ| {diff}");
    }
}

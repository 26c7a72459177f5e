using OpenFineTune.Engine.Models;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Models;

/// <summary>
/// A ragged decode step (several sequences, each with its own cache of its own length, in one [rows, 1] pass)
/// gives every row the logits it gets decoded alone.
/// </summary>
public class RaggedDecodeTests
{
    static readonly long[][] Prompts = [[5, 17, 3, 44, 2, 9, 11], [30, 12], [8, 1, 40, 6]];
    static readonly long[] RowsPerPrompt = [1, 2, 1]; // the second sequence is a request with n = 2 choices

    static CausalLM RandomModel(ModelFamily family, int? window = null)
    {
        var model = new CausalLM(TinyConfigs.Of(family, window), ScalarType.Float32);
        WeightInit.Normal(model, seed: 7, std: 0.3, headStd: 0.3);
        return model;
    }

    [Theory]
    [InlineData("LlamaForCausalLM", null)]
    [InlineData("Qwen2ForCausalLM", null)]
    [InlineData("Qwen3ForCausalLM", null)]
    [InlineData("MistralForCausalLM", 3)]
    public void EveryRowOfARaggedStepMatchesItsSequenceDecodedAlone(string architecture, int? window)
    {
        using var model = RandomModel(ModelFamily.Find(architecture)!, window);
        using var noGrad = no_grad();
        var batched = Prompts.Select((p, i) => Prefilled(model, p, RowsPerPrompt[i])).ToList();
        var alone = Prompts.Select((p, i) => Prefilled(model, p, RowsPerPrompt[i])).ToList();
        try
        {
            for (var step = 0; step < 5; step++)
            {
                var next = Prompts.Select((_, i) => Enumerable.Range(0, (int)RowsPerPrompt[i]).Select(r => (long)(3 * step + 5 * i + r + 1) % 47).ToArray()).ToList();
                using var ids = tensor(next.SelectMany(t => t).ToArray()).unsqueeze(1);
                using var logits = model.forward(ids, batched.Select((c, i) => new CachedRows(c, RowsPerPrompt[i])).ToList()); // [4, 1, vocab]
                long row = 0;
                for (var i = 0; i < Prompts.Length; i++)
                {
                    using var own = model.forward(tensor(next[i]).unsqueeze(1), alone[i], lastOnly: true);
                    AssertClose(own, logits.narrow(0, row, RowsPerPrompt[i]));
                    row += RowsPerPrompt[i];
                }
            }
            Assert.Equal(alone.Select(c => c.Length), batched.Select(c => c.Length));
        }
        finally
        {
            foreach (var cache in batched.Concat(alone)) cache.Dispose();
        }
    }

    [Fact]
    public void IdsThatDoNotMatchTheRowsAreRejected()
    {
        using var model = RandomModel(ModelFamily.Llama);
        using var noGrad = no_grad();
        using var cache = Prefilled(model, Prompts[0], 1);
        var e = Assert.Throws<ArgumentException>(() => model.forward(tensor(new long[] { 1, 2 }).unsqueeze(1), [new CachedRows(cache, 1)]));
        Assert.Contains("inputIds must be [1, 1]", e.Message);
    }

    static KvCache Prefilled(CausalLM model, long[] prompt, long rows)
    {
        var cache = model.NewCache();
        using var ids = tensor(prompt).unsqueeze(0).expand(rows, prompt.Length);
        using var _ = model.forward(ids, cache, lastOnly: true);
        return cache;
    }

    static void AssertClose(Tensor expected, Tensor actual)
    {
        var diff = (expected - actual).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max |Δ| {diff}");
    }
}

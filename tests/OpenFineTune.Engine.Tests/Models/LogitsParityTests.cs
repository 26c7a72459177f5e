using OpenFineTune.Engine.Models;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Models;

/// <summary>
/// Exactness against llama.cpp: expected values are shared/fixtures/reference-models/*/expected.json (llama.cpp v0.5.0,
/// float32, F32 KV cache, flash attention off). Tolerance 5e-4 as that README recommends for a float32 implementation.
/// </summary>
public class LogitsParityTests(ITestOutputHelper output)
{
    const double Tolerance = 5e-4;

    public static TheoryData<string> Models => new() { "stories260k", "tiny-qwen2-random", "tiny-llama3-random" };

    [Theory, MemberData(nameof(Models))]
    public void FullForwardMatchesLlamaCpp(string name)
    {
        using var model = ModelDirectory.Load(ReferencePrompt.HfDir(name), "float32");
        double worst = 0;
        foreach (var prompt in ReferencePrompt.Load(name))
        {
            var logits = Logits(model, prompt.Ids, prompt.Ids.Length); // [n, vocab]
            for (var j = 0; j < prompt.Positions.Length; j++) worst = Math.Max(worst, MaxDiff(logits[prompt.Positions[j]], prompt.Logits[j]));
            var tokens = prompt.Ids.ToList();
            for (var step = 0; step < prompt.GreedyTokens.Length; step++)
            {
                var last = Logits(model, [.. tokens], 1)[0]; // a fresh full pass over the whole sequence every step
                worst = Math.Max(worst, CheckGreedyStep(prompt, step, last));
                tokens.Add(prompt.GreedyTokens[step]);
            }
        }
        output.WriteLine($"{name}: max |Δlogit| (full forward) = {worst:E2}");
        Assert.True(worst <= Tolerance, $"max |Δlogit| {worst:E2} > {Tolerance}");
    }

    [Theory, MemberData(nameof(Models))]
    public void TokenByTokenWithKvCacheMatchesLlamaCpp(string name)
    {
        using var model = ModelDirectory.Load(ReferencePrompt.HfDir(name), "float32");
        double worst = 0;
        foreach (var prompt in ReferencePrompt.Load(name))
        {
            using var cache = model.NewCache();
            var perPosition = prompt.Ids.Select(id => Step(model, cache, id)).ToList();
            for (var j = 0; j < prompt.Positions.Length; j++) worst = Math.Max(worst, MaxDiff(perPosition[prompt.Positions[j]], prompt.Logits[j]));
            var last = perPosition[^1];
            for (var step = 0; step < prompt.GreedyTokens.Length; step++)
            {
                worst = Math.Max(worst, CheckGreedyStep(prompt, step, last));
                last = Step(model, cache, prompt.GreedyTokens[step]);
            }
        }
        output.WriteLine($"{name}: max |Δlogit| (KV cache, one token at a time) = {worst:E2}");
        Assert.True(worst <= Tolerance, $"max |Δlogit| {worst:E2} > {Tolerance}");
    }

    [Fact]
    public void Bfloat16OfTheRealModelStaysClose()
    {
        // Not exact by design: bf16 keeps ~3 significant digits. Bound of our own, about twice the 0.18 measured on
        // stories260k (real weights, logits up to 20); a wrong block moves logits by 6 or more (README's bug table).
        // The random fixtures (std 0.4 weights) are left out: rounding their weights to bf16 alone moves their
        // logits by ~2 (measured), and bf16 compute on the same rounded weights by another 1.5-2.
        const double bf16Tolerance = 0.4;
        using var model = ModelDirectory.Load(ReferencePrompt.HfDir("stories260k"), "bfloat16");
        Assert.Equal(ScalarType.BFloat16, model.DType);
        double worst = 0;
        foreach (var prompt in ReferencePrompt.Load("stories260k"))
        {
            var logits = Logits(model, prompt.Ids, prompt.Ids.Length);
            for (var j = 0; j < prompt.Positions.Length; j++) worst = Math.Max(worst, MaxDiff(logits[prompt.Positions[j]], prompt.Logits[j]));
        }
        output.WriteLine($"stories260k: bfloat16 max |Δlogit| = {worst:F3}");
        Assert.True(worst <= bf16Tolerance, $"bfloat16 max |Δlogit| {worst:F3} > {bf16Tolerance}");
    }

    // Our greedy choice must be llama.cpp's token, and the 5 logits it recorded must match ours.
    static double CheckGreedyStep(ReferencePrompt prompt, int step, float[] logits)
    {
        var argmax = Array.IndexOf(logits, logits.Max()); // first maximum = lowest id, as the fixture's tie rule
        Assert.True(argmax == prompt.GreedyTokens[step], $"greedy step {step}: got token {argmax}, llama.cpp chose {prompt.GreedyTokens[step]}");
        return prompt.GreedyTop5[step].Max(t => Math.Abs(logits[t.Id] - t.Logit));
    }

    static float[][] Logits(CausalLM model, long[] ids, int lastRows)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = model.forward(tensor(ids).unsqueeze(0))[0]; // [n, vocab]
        return Enumerable.Range(ids.Length - lastRows, lastRows).Select(i => logits[i].to(ScalarType.Float32).data<float>().ToArray()).ToArray();
    }

    static float[] Step(CausalLM model, KvCache cache, long id)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return model.forward(tensor(new[] { id }).unsqueeze(0), cache)[0, 0].to(ScalarType.Float32).data<float>().ToArray();
    }

    static double MaxDiff(float[] actual, float[] expected) => actual.Zip(expected, (a, e) => Math.Abs((double)a - e)).Max();
}

using OpenFineTune.Engine.Generation;
using TorchSharp;

namespace OpenFineTune.Engine.Tests.Generation;

public class SamplerTests
{
    static torch.Tensor Logits(params float[] values) => torch.tensor(values);

    static int[] Draw(SamplingOptions options, float[] logits, int count)
    {
        using var sampler = new Sampler(options);
        using var row = Logits(logits);
        return Enumerable.Range(0, count).Select(_ => sampler.Next(row).Id).ToArray();
    }

    [Fact]
    public void GreedyTakesTheLargestLogitAndReportsItsLogprob()
    {
        using var sampler = new Sampler(new SamplingOptions(temperature: 0));
        using var row = Logits(1f, 3f, 2f);
        var token = sampler.Next(row, topLogprobs: 2);
        Assert.Equal(1, token.Id);
        double expected = 3 - Math.Log(Math.Exp(1) + Math.Exp(3) + Math.Exp(2));
        Assert.Equal(expected, token.Logprob, 5);
        Assert.Equal([1, 2], token.TopAlternatives.Select(t => t.Id));
    }

    [Fact]
    public void SameSeedGivesTheSameTokensAndAnotherSeedDoesNot()
    {
        var flat = Enumerable.Repeat(0f, 50).ToArray();
        var a = Draw(new SamplingOptions(seed: 7), flat, 30);
        var b = Draw(new SamplingOptions(seed: 7), flat, 30);
        var c = Draw(new SamplingOptions(seed: 8), flat, 30);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void DrawsFollowTheSoftmaxAtTemperatureOne()
    {
        float[] logits = [MathF.Log(0.7f), MathF.Log(0.2f), MathF.Log(0.1f)];
        var draws = Draw(new SamplingOptions(seed: 1), logits, 4000);
        Assert.InRange(draws.Count(d => d == 0) / 4000.0, 0.67, 0.73);
        Assert.InRange(draws.Count(d => d == 2) / 4000.0, 0.08, 0.12);
    }

    [Fact]
    public void SmallTopPKeepsOnlyTheMostLikelyToken()
    {
        float[] logits = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.2f)];
        Assert.All(Draw(new SamplingOptions(topP: 0.4f, seed: 3), logits, 200), id => Assert.Equal(0, id));
        var wider = Draw(new SamplingOptions(topP: 0.75f, seed: 3), logits, 400);
        Assert.Contains(1, wider);
        Assert.DoesNotContain(2, wider);
    }

    [Fact]
    public void LogitBiasCanBanOrForceATokenButLeavesLogprobsAlone()
    {
        float[] logits = [0f, 5f, 1f];
        Assert.All(Draw(new SamplingOptions(temperature: 0, logitBias: new Dictionary<int, float> { [1] = -100 }), logits, 3), id => Assert.Equal(2, id));
        using var sampler = new Sampler(new SamplingOptions(seed: 2, logitBias: new Dictionary<int, float> { [0] = 100 }));
        using var row = Logits(logits);
        var forced = sampler.Next(row);
        Assert.Equal(0, forced.Id);
        Assert.True(forced.Logprob < -4, "logprob is the model's own, before the bias");
    }

    [Fact]
    public void FrequencyPenaltyGrowsWithRepeatsPresencePenaltyDoesNot()
    {
        float[] logits = [2f, 0.5f];
        Assert.Equal([0, 0, 0], Draw(new SamplingOptions(temperature: 0), logits, 3));
        // Frequency grows with every repeat (2 → 1 → 0); presence is paid once (2 → 1).
        Assert.Equal([0, 0, 1], Draw(new SamplingOptions(temperature: 0, frequencyPenalty: 1f), logits, 3));
        Assert.Equal([0, 0, 0], Draw(new SamplingOptions(temperature: 0, presencePenalty: 1f), logits, 3));
    }

    [Theory]
    [InlineData(2.5f, 1f, "temperature")]
    [InlineData(1f, 0f, "top_p")]
    public void OutOfRangeOptionsNameTheParameter(float temperature, float topP, string param)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions(temperature, topP));
        Assert.Equal(param, e.ParamName);
    }
}

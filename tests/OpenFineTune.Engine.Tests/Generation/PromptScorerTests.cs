using OpenFineTune.Engine.Generation;
using static OpenFineTune.Engine.Tests.Serving.ServingTestModels;

namespace OpenFineTune.Engine.Tests.Generation;

/// <summary>echo + logprobs: the prompt scored in one forward pass, checked against the KV-cached decode on stories260K.</summary>
public sealed class PromptScorerTests : IDisposable
{
    readonly Engine.Serving.ModelRegistry _registry = Stories();
    readonly TextGenerator _generator;

    public PromptScorerTests() => _generator = new TextGenerator(_registry);

    [Fact]
    public async Task ScoringPromptPlusContinuationGivesTheLogprobsGenerationReported()
    {
        var request = new GenerationRequest("stories260k", new Prompt.Text("Once upon a time, there was"), Greedy, MaxNewTokens: 5, TopLogprobs: 2);
        var promptIds = _generator.Prepare(request).PromptIds;
        var generated = await Collect(_generator, request);
        var generatedIds = generated.SelectMany(d => d.TokenIds).ToList();
        var generatedLogprobs = generated.SelectMany(d => d.Logprobs!).ToList();

        var echo = Assert.Single(await Collect(_generator, request with
        {
            Prompt = new Prompt.Tokens([.. promptIds, .. generatedIds]), MaxNewTokens = 0, Echo = true,
        }), d => d.IsPrompt);

        var scored = echo.Logprobs!;
        Assert.Equal(promptIds.Count + generatedIds.Count, scored.Count);
        Assert.Null(scored[0].Logprob);
        Assert.Empty(scored[0].TopLogprobs);
        Assert.Equal(echo.Text, string.Concat(scored.Select(t => t.Token)));
        Assert.StartsWith("Once upon a time, there was", echo.Text);
        // The same tokens, scored by one full forward pass instead of token by token with a KV cache.
        var tail = scored.TakeLast(generatedLogprobs.Count).ToList();
        for (var i = 0; i < tail.Count; i++)
        {
            Assert.Equal(generatedLogprobs[i].Logprob!.Value, tail[i].Logprob!.Value, 3);
            Assert.Equal(generatedLogprobs[i].TopLogprobs.Select(a => a.Token), tail[i].TopLogprobs.Select(a => a.Token));
        }
        Assert.All(scored.Skip(1), t => Assert.True(t.Logprob <= 0 && t.TopLogprobs.Count == 2 && t.TopLogprobs[0].Logprob >= t.Logprob - 1e-5));
    }

    public void Dispose() => _registry.Dispose();
}

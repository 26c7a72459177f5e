using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Tests.Serving;
using static OpenFineTune.Engine.Tests.Serving.ServingTestModels;

namespace OpenFineTune.Engine.Tests.Generation;

/// <summary>Sampling, stop strings, limits, n, logprobs, echo and cancellation through the generator on stories260K.</summary>
public sealed class TextGeneratorTests : IDisposable
{
    readonly Engine.Serving.ModelRegistry _registry = Stories();
    readonly TextGenerator _generator;

    public TextGeneratorTests() => _generator = new TextGenerator(_registry);

    static GenerationRequest Story(SamplingOptions sampling, int? max = 40, IReadOnlyList<string>? stop = null, int n = 1, int? top = null, bool echo = false) =>
        new("stories260k", new Prompt.Text("Once upon a time, there was"), sampling, max, stop, n, top, echo);

    [Fact]
    public async Task SameSeedGivesSameTextAndAnotherSeedDiffers()
    {
        var a = Text(await Collect(_generator, Story(new SamplingOptions(temperature: 1, seed: 7))));
        var b = Text(await Collect(_generator, Story(new SamplingOptions(temperature: 1, seed: 7))));
        var c = Text(await Collect(_generator, Story(new SamplingOptions(temperature: 1, seed: 8))));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public async Task StopStringEndsTheChoiceAndIsNeverEmitted()
    {
        // Greedy text starts "a little girl named Lily. She loved to play outside in the park." (llama.cpp reference).
        var deltas = await Collect(_generator, Story(Greedy, stop: ["Lily"]));
        Assert.Equal("a little girl named ", Text(deltas));
        Assert.Equal("stop", deltas[^1].FinishReason);
        Assert.DoesNotContain(deltas, d => d.Text.Contains('L'));
    }

    [Fact]
    public async Task StopStringSpanningTokensIsHeldBackThenCut()
    {
        var deltas = await Collect(_generator, Story(Greedy, stop: ["park. One"]));
        Assert.Equal("a little girl named Lily. She loved to play outside in the ", Text(deltas));
        Assert.Equal("stop", deltas[^1].FinishReason);
    }

    [Fact]
    public async Task MaxTokensEndsWithLength()
    {
        var deltas = await Collect(_generator, Story(Greedy, max: 5));
        Assert.Equal(5, deltas.Sum(d => d.Tokens));
        Assert.Equal("length", deltas[^1].FinishReason);
        Assert.Single(deltas, d => d.FinishReason is not null);
    }

    [Fact]
    public async Task TwoChoicesEachFinishAndSampleIndependently()
    {
        var deltas = await Collect(_generator, Story(new SamplingOptions(temperature: 1, seed: 3), max: 30, n: 2));
        Assert.Equal([0, 1], deltas.Where(d => d.FinishReason is not null).Select(d => d.Choice).Order());
        Assert.Equal(30, deltas.Where(d => d.Choice == 1).Sum(d => d.Tokens));
        Assert.NotEqual(Text(deltas, 0), Text(deltas, 1));
        // choice 0 of a seeded request is the same as the single-choice request with that seed
        Assert.Equal(Text(await Collect(_generator, Story(new SamplingOptions(temperature: 1, seed: 3), max: 30))), Text(deltas, 0));
    }

    [Fact]
    public async Task LogprobsCarryTokenBytesAndTopAlternatives()
    {
        var deltas = await Collect(_generator, Story(Greedy, max: 6, top: 3));
        var logprobs = deltas.SelectMany(d => d.Logprobs!).ToList();
        Assert.Equal(6, logprobs.Count);
        Assert.Equal(" a"u8.ToArray(), logprobs[0].Bytes); // SentencePiece "▁a" is the bytes " a"
        foreach (var lp in logprobs)
        {
            Assert.Equal(System.Text.Encoding.UTF8.GetString(lp.Bytes), lp.Token);
            Assert.Equal(3, lp.TopLogprobs.Count);
            Assert.Equal(lp.Token, lp.TopLogprobs[0].Token); // greedy picks the most likely token
            Assert.Equal(lp.Logprob!.Value, lp.TopLogprobs[0].Logprob!.Value, 5);
            Assert.True(lp.Logprob <= 0 && lp.TopLogprobs[1].Logprob <= lp.TopLogprobs[0].Logprob);
        }
        Assert.All(deltas, d => Assert.NotNull(d.Logprobs));
    }

    [Fact]
    public async Task NoLogprobsUnlessAsked()
    {
        var deltas = await Collect(_generator, Story(Greedy, max: 3));
        Assert.All(deltas, d => Assert.Null(d.Logprobs));
    }

    [Fact]
    public async Task EchoPutsThePromptFirst()
    {
        var deltas = await Collect(_generator, Story(Greedy, max: 4, echo: true));
        Assert.StartsWith("Once upon a time, there wasa little", Text(deltas));
    }

    [Fact]
    public async Task CancellationStopsGenerationBetweenTokens()
    {
        using var cts = new CancellationTokenSource();
        var seen = 0;
        var prepared = _generator.Prepare(Story(Greedy, max: 200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var delta in _generator.GenerateAsync(prepared, cts.Token))
                if (++seen == 3) cts.Cancel();
        });
        Assert.Equal(3, seen);
    }

    [Fact]
    public void UnknownModelListsServedIds()
    {
        var e = Assert.Throws<ModelNotFoundException>(() => _generator.Prepare(Story(Greedy) with { Model = "gpt-4o" }));
        Assert.Equal("gpt-4o", e.Model);
        Assert.Contains("stories260k", e.Message);
    }

    [Fact]
    public void PromptLongerThanTheContextIsRefused()
    {
        var ids = Enumerable.Repeat(300, 512).ToList();
        var e = Assert.Throws<ContextLengthExceededException>(() => _generator.Prepare(Story(Greedy) with { Prompt = new Prompt.Tokens(ids) }));
        Assert.Equal((512, 512), (e.PromptTokens, e.MaxTokens));
    }

    [Fact]
    public void MaxTokensAreCappedByTheContextLeft()
    {
        var ids = Enumerable.Repeat(300, 500).ToList();
        var prepared = _generator.Prepare(Story(Greedy, max: 100) with { Prompt = new Prompt.Tokens(ids) });
        Assert.Equal(12, prepared.MaxNewTokens);
    }

    [Fact]
    public void ChatWithoutTemplateIsRefused()
    {
        var chat = new Prompt.Chat([Engine.Datasets.ConversationMessage.Text("user", "Hi", "messages[0].content")], []);
        var e = Assert.Throws<ChatTemplateMissingException>(() => _generator.Prepare(Story(Greedy) with { Prompt = chat }));
        Assert.Equal("stories260k", e.Model);
    }

    [Fact]
    public void TokenIdOutsideTheVocabularyNamesThePrompt()
    {
        var e = Assert.Throws<ArgumentException>(() => _generator.Prepare(Story(Greedy) with { Prompt = new Prompt.Tokens([1, 512]) }));
        Assert.Equal("prompt", e.ParamName);
    }

    public void Dispose() => _registry.Dispose();
}

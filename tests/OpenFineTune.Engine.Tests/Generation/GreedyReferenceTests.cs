using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Tests.Models;
using OpenFineTune.Engine.Tests.Serving;

namespace OpenFineTune.Engine.Tests.Generation;

/// <summary>
/// The generator's greedy path (prefill + KV-cache decode + sampler + decoder) against llama.cpp's 48 greedy tokens
/// recorded in shared/fixtures/reference-models/stories260k/expected.json (prompt ids fed as given).
/// </summary>
public sealed class GreedyReferenceTests
{
    [Fact]
    public async Task GreedyTokensOfEveryReferencePromptMatchLlamaCpp()
    {
        using var registry = ServingTestModels.Stories();
        var generator = new TextGenerator(registry);
        foreach (var prompt in ReferencePrompt.Load("stories260k"))
        {
            var request = new GenerationRequest("stories260k", new Prompt.Tokens(prompt.Ids.Select(i => (int)i).ToList()),
                ServingTestModels.Greedy, MaxNewTokens: prompt.GreedyTokens.Length);
            var deltas = await ServingTestModels.Collect(generator, request);
            Assert.Equal(prompt.GreedyTokens.Select(t => (int)t), deltas.SelectMany(d => d.TokenIds));
            Assert.Equal("length", deltas[^1].FinishReason);
        }
    }

    [Fact]
    public async Task GreedyTextContinuesTheStory()
    {
        using var registry = ServingTestModels.Stories();
        var generator = new TextGenerator(registry);
        var first = ReferencePrompt.Load("stories260k")[0]; // "<s> Once upon a time, there was"
        var request = new GenerationRequest("stories260k", new Prompt.Tokens(first.Ids.Select(i => (int)i).ToList()), ServingTestModels.Greedy, MaxNewTokens: 48);
        var text = ServingTestModels.Text(await ServingTestModels.Collect(generator, request));
        Assert.StartsWith("a little girl named Lily", text);
        Assert.Equal(registry.Base("stories260k").Tokenizer.Decode(first.GreedyTokens.Select(t => (int)t)), text);
    }

    [Fact]
    public async Task TextPromptIsTokenizedWithBosLikeTheReference()
    {
        using var registry = ServingTestModels.Stories();
        var generator = new TextGenerator(registry);
        var prepared = generator.Prepare(new GenerationRequest("stories260k", new Prompt.Text("Once upon a time, there was"), ServingTestModels.Greedy));
        Assert.Equal(ReferencePrompt.Load("stories260k")[0].Ids.Select(i => (int)i), prepared.PromptIds);
        Assert.Equal(512 - 8, prepared.MaxNewTokens); // no max_tokens: the rest of the 512-token context
    }
}

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

    [Theory]
    [InlineData("tiny-qwen2-random")]
    [InlineData("tiny-llama3-random")]
    public async Task GreedyTokensOfRandomReferenceModelsMatchUpToTheirEos(string name)
    {
        using var registry = new Engine.Serving.ModelRegistry(new Engine.Serving.EngineOptions { Models = [$"{name}={ReferencePrompt.HfDir(name)}"], Threads = 1 });
        var generator = new TextGenerator(registry);
        var eos = registry.Base(name).Generation.EosTokenIds; // a list in both generation_config.json files
        foreach (var prompt in ReferencePrompt.Load(name))
        {
            var request = new GenerationRequest(name, new Prompt.Tokens(prompt.Ids.Select(i => (int)i).ToList()), ServingTestModels.Greedy, MaxNewTokens: 48);
            var deltas = await ServingTestModels.Collect(generator, request);
            // llama.cpp's reference ignores EOS; the generator stops at the first one (tiny-llama3 prompt 1 emits 510).
            var end = Array.FindIndex(prompt.GreedyTokens, t => eos.Contains((int)t));
            var expected = end < 0 ? prompt.GreedyTokens : prompt.GreedyTokens[..(end + 1)];
            Assert.Equal(expected.Select(t => (int)t), deltas.SelectMany(d => d.TokenIds));
            Assert.Equal(end < 0 ? "length" : "stop", deltas[^1].FinishReason);
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

using OpenFineTune.Engine.Datasets;
using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Engine.Tests.Models;
using OpenFineTune.Engine.Tests.Serving;

namespace OpenFineTune.Engine.Tests.Generation;

/// <summary>
/// Chat prompts through a real template (Qwen2.5-Instruct's, from shared/fixtures/qwen2.5-instruct) on the tiny random
/// Qwen2 reference model, whose tokenizer has the same ChatML specials; and EOS lists from generation_config.json.
/// </summary>
public sealed class ChatPromptTests : IDisposable
{
    readonly ScratchDirectory _scratch = new();
    readonly ModelRegistry _registry;

    public ChatPromptTests()
    {
        var dir = _scratch.Sub("tiny-qwen2-chat");
        Directory.CreateDirectory(dir);
        foreach (var file in Directory.GetFiles(ReferencePrompt.HfDir("tiny-qwen2-random"))) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Fixtures, "qwen2.5-instruct", "tokenizer_config.json")));
        File.WriteAllText(Path.Combine(dir, "chat_template.jinja"), config.RootElement.GetProperty("chat_template").GetString());
        var strict = _scratch.Sub("strict");
        Directory.CreateDirectory(strict);
        foreach (var file in Directory.GetFiles(dir)) File.Copy(file, Path.Combine(strict, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(strict, "chat_template.jinja"), "{{ raise_exception('Only system turns please') }}");
        _registry = new ModelRegistry(new EngineOptions { Models = [dir, strict], Threads = 1 });
    }

    static ConversationMessage User(string text) => ConversationMessage.Text("user", text, "messages[0].content");

    [Fact]
    public void ToolsAndToolCallsReachTheTemplate()
    {
        var tool = new ToolDefinition("get_weather", "Weather of a city", "{\"type\":\"object\"}",
            "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Weather of a city\",\"parameters\":{\"type\":\"object\"}}}");
        var call = new ConversationMessage("assistant", null, 1, null, [new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")], null, "messages[1]");
        var reply = new ConversationMessage("tool", "18 C", 0, null, [], "call_1", "messages[2].content");
        var chat = new Prompt.Chat([User("Weather in Paris?"), call, reply], [tool]);
        var text = PromptEncoder.Render(chat, _registry.Resolve("tiny-qwen2-chat"));
        Assert.Contains("<tools>\n{\"type\": \"function\", \"function\": {\"name\": \"get_weather\"", text);
        Assert.Contains("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>", text);
        Assert.Contains("<tool_response>\n18 C\n</tool_response>", text);
        Assert.EndsWith("<|im_start|>assistant\n", text);
    }

    [Fact]
    public void ChatIdsHaveTheSpecialsAsSingleTokensAndNoBos()
    {
        var generator = new TextGenerator(_registry);
        var prepared = generator.Prepare(new GenerationRequest("tiny-qwen2-chat", new Prompt.Chat([User("Hi")], []), ServingTestModels.Greedy));
        Assert.Equal(510, prepared.PromptIds[0]); // <|im_start|> of the default system turn
        Assert.Equal("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
            _registry.Base("tiny-qwen2-chat").Tokenizer.Decode(prepared.PromptIds));
    }

    [Theory]
    [InlineData(511)] // <|im_end|>
    [InlineData(509)] // <|endoftext|>
    public async Task EveryIdOfTheEosListEndsTheChoice(int eos)
    {
        var generator = new TextGenerator(_registry);
        var sampling = new SamplingOptions(temperature: 0, logitBias: new Dictionary<int, float> { [eos] = 100 });
        var deltas = await ServingTestModels.Collect(generator, new GenerationRequest("tiny-qwen2-chat", new Prompt.Chat([User("Hi")], []), sampling, MaxNewTokens: 10));
        var last = Assert.Single(deltas);
        Assert.Equal(("", "stop", 1), (last.Text, last.FinishReason, last.Tokens));
        Assert.Equal([eos], last.TokenIds);
    }

    [Fact]
    public void TemplateRaiseExceptionBecomesAnErrorNamingTheMessages()
    {
        var generator = new TextGenerator(_registry);
        var e = Assert.Throws<ArgumentException>(() =>
            generator.Prepare(new GenerationRequest("strict", new Prompt.Chat([User("Hi")], []), ServingTestModels.Greedy)));
        Assert.Equal("messages", e.ParamName);
        Assert.Contains("Only system turns please", e.Message);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _scratch.Dispose();
    }
}

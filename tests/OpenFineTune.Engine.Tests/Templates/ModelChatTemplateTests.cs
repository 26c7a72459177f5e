using OpenFineTune.Engine.Templates;

namespace OpenFineTune.Engine.Tests.Templates;

/// <summary>Finding a model directory's template and special tokens the way transformers does.</summary>
public sealed class ModelChatTemplateTests : IDisposable
{
    readonly string _temp = Directory.CreateTempSubdirectory("chat-template-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    static readonly object?[] Hello = [new Dictionary<string, object?> { ["role"] = "user", ["content"] = "Hello" }];

    [Theory]
    [InlineData("qwen2.5-instruct", "tokenizer_config.json", "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n")]
    [InlineData("smollm2-instruct", "tokenizer_config.json", "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n")]
    [InlineData("tinyllama-chat", "chat_template.jinja", "<|user|>\nHello</s>\n<|assistant|>\n")]
    public void LoadsTheTemplateAndRendersWithTheModelsTokens(string model, string file, string expected)
    {
        // Expected: each template's text applied by hand to one user turn (tinyllama's eos_token "</s>" comes from tokenizer_config.json).
        var template = ModelChatTemplate.Load(Path.Combine(TestPaths.Fixtures, model))!;

        Assert.Equal(file, Path.GetFileName(template.SourceFile));
        Assert.Equal(expected, template.Render(Hello, addGenerationPrompt: true));
    }

    [Fact]
    public void UnsetSpecialTokensAreLeftUndefined()
    {
        var template = ModelChatTemplate.Load(Path.Combine(TestPaths.Fixtures, "qwen2.5-instruct"))!;

        Assert.False(template.SpecialTokens.ContainsKey("bos_token"));
        Assert.Equal("<|im_end|>", template.SpecialTokens["eos_token"]);
    }

    [Fact]
    public void Llama32PrefersChatTemplateJinjaAndGetsItsBosToken()
    {
        var template = ModelChatTemplate.Load(Path.Combine(TestPaths.Fixtures, "llama-3.2-instruct"), new FixedClock())!;

        Assert.Equal("chat_template.jinja", Path.GetFileName(template.SourceFile));
        Assert.StartsWith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 05 Sep 2024",
            template.Render(Hello, addGenerationPrompt: true));
    }

    [Fact]
    public void ADirectoryWithoutATemplateHasNone()
    {
        File.WriteAllText(Path.Combine(_temp, "tokenizer_config.json"), """{"eos_token": "</s>"}""");

        Assert.Null(ModelChatTemplate.Load(_temp));
    }

    [Fact]
    public void NamedTemplateListsUseDefaultAndAddedTokenObjectsGiveTheirContent()
    {
        File.WriteAllText(Path.Combine(_temp, "tokenizer_config.json"), """
            {"bos_token": {"content": "<s>", "lstrip": false}, "chat_template": [
              {"name": "tool_use", "template": "tools"}, {"name": "default", "template": "{{ bos_token }}{{ messages[0].content }}"}]}
            """);

        Assert.Equal("<s>Hello", ModelChatTemplate.Load(_temp)!.Render(Hello, addGenerationPrompt: false));
    }

    [Fact]
    public void ABrokenTemplateNamesTheFileAndPosition()
    {
        File.WriteAllText(Path.Combine(_temp, "chat_template.jinja"), "{% for m in messages %}\n{{ m.content }");

        var error = Assert.Throws<InvalidDataException>(() => ModelChatTemplate.Load(_temp));

        Assert.Contains("chat_template.jinja: chat template line 2", error.Message);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFineTune.Engine.Templates;

namespace OpenFineTune.Engine.Tests.Templates;

/// <summary>How the engine calls the renderer: inputs from JSON or C# objects, the injected clock, and errors that name
/// the template position. Expected strings follow from the templates' text (written out beside each case).</summary>
public class ChatTemplateApiTests
{
    const string ChatMl =
        "{% for m in messages %}{{ '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    [Fact]
    public void MessagesFromJsonElementsAndDictionariesRenderAlike()
    {
        var template = ChatTemplate.Parse(ChatMl);
        var fromJson = JsonDocument.Parse("""[{"role":"user","content":"Hi"}]""").RootElement.EnumerateArray().Cast<object?>();
        var fromDictionary = new object?[] { new Dictionary<string, object?> { ["role"] = "user", ["content"] = "Hi" } };

        const string expected = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";
        Assert.Equal(expected, template.Render(fromJson, addGenerationPrompt: true));
        Assert.Equal(expected, template.Render(fromDictionary, addGenerationPrompt: true));
    }

    sealed record Message(string Role, string Content);

    [Fact]
    public void PlainObjectsExposeSnakeCasePropertiesAndGenerationPromptCanBeOff()
    {
        var output = ChatTemplate.Parse(ChatMl).Render([new Message("user", "Hi")], addGenerationPrompt: false);

        Assert.Equal("<|im_start|>user\nHi<|im_end|>\n", output);
    }

    [Fact]
    public void ContentAsAListOfPartsReachesTheTemplate()
    {
        var template = ChatTemplate.Parse("{% for p in messages[0].content %}{% if p.type == 'text' %}[{{ p.text }}]{% endif %}{% endfor %}");
        var messages = JsonNode.Parse("""[{"role":"user","content":[{"type":"text","text":"a"},{"type":"image"},{"type":"text","text":"b"}]}]""")!.AsArray();

        Assert.Equal("[a][b]", template.Render(messages, addGenerationPrompt: false));
    }

    [Fact]
    public void Llama32DateLineComesFromTheInjectedClock()
    {
        var template = ChatTemplate.Parse(GoldenFiles.FixtureText("llama-3.2-instruct/chat_template.jinja"), new FixedClock());
        var messages = new object?[] { new Dictionary<string, object?> { ["role"] = "user", ["content"] = "Hi" } };

        var output = template.Render(messages, addGenerationPrompt: true, new Dictionary<string, object?> { ["bos_token"] = "<|begin_of_text|>" });

        // FixedClock is 2024-09-05; the template formats strftime_now("%d %b %Y").
        Assert.Contains("Cutting Knowledge Date: December 2023\nToday Date: 05 Sep 2024\n\n", output);
    }

    [Fact]
    public void RaiseExceptionCarriesTheTemplateMessageAndPosition()
    {
        var template = ChatTemplate.Parse("line one\n{% if messages[0].role != 'user' %}{{ raise_exception('Conversation must start with user') }}{% endif %}");
        var messages = new object?[] { new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = "x" } };

        var error = Assert.Throws<TemplateRaisedException>(() => template.Render(messages, addGenerationPrompt: true));

        Assert.Equal("Conversation must start with user", error.Message);
        Assert.Equal(2, error.Line);
    }

    [Theory]
    [InlineData("{% if x %}\nno end", 2, "expected 'elif' or 'else' or 'endif'")]
    [InlineData("ok\n  {{ a + }}", 2, "expected an expression, got end of print statement '}}'")]
    [InlineData("{% frobnicate %}", 1, "unknown tag 'frobnicate'")]
    [InlineData("{{ 'open }}", 1, "unterminated string literal")]
    public void SyntaxErrorsNameLineAndWhatWasExpected(string source, int line, string reason)
    {
        var error = Assert.Throws<TemplateException>(() => ChatTemplate.Parse(source));

        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void UsingAnUndefinedValueNamesItAndItsPosition()
    {
        var template = ChatTemplate.Parse("a\nb {{ message.content }}");

        var error = Assert.Throws<TemplateException>(() => template.Render([], addGenerationPrompt: false));

        // Column 14 is `content`, the read that failed on the undefined `message`.
        Assert.Equal((2, 14), (error.Line, error.Column));
        Assert.Contains("'message' is undefined", error.Message);
    }

    [Fact]
    public void UndefinedPrintsEmptyAndIsFalsy()
    {
        var output = ChatTemplate.Parse("[{{ missing }}]{% if not missing %}falsy{% endif %}{% for x in missing %}x{% endfor %}").Render([], false);

        Assert.Equal("[]falsy", output);
    }

    [Fact]
    public void ToolsDefaultToNoneLikeTransformers()
    {
        var template = ChatTemplate.Parse("{{ tools is defined }} {{ tools is none }} {{ documents is none }}");

        Assert.Equal("True True True", template.Render([], addGenerationPrompt: false));
    }

    [Fact]
    public void EndlessMacroRecursionFailsWithAMessage()
    {
        var template = ChatTemplate.Parse("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}");

        var error = Assert.Throws<TemplateException>(() => template.Render([], addGenerationPrompt: false));

        Assert.Contains("nested more than 100 calls deep", error.Message);
    }
}

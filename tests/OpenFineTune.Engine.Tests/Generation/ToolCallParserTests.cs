using OpenFineTune.Engine.Generation.ToolCalls;

namespace OpenFineTune.Engine.Tests.Generation;

/// <summary>Tool calls read from replies in the formats real chat templates ask for, the format picked from the template.</summary>
public class ToolCallParserTests
{
    static string Template(string name) => File.ReadAllText(Path.Combine(TestPaths.Fixtures, "chat-templates", "llama.cpp", name));

    [Theory]
    [InlineData("Qwen-Qwen2.5-7B-Instruct.jinja", "hermes")]
    [InlineData("meta-llama-Llama-3.1-8B-Instruct.jinja", "llama3_json")]
    [InlineData("meta-llama-Llama-3.2-3B-Instruct.jinja", "llama3_json")]
    [InlineData("mistralai-Mistral-Nemo-Instruct-2407.jinja", "mistral")]
    [InlineData("google-gemma-2-2b-it.jinja", null)]
    [InlineData("microsoft-Phi-3.5-mini-instruct.jinja", null)]
    public void FormatIsPickedFromTheChatTemplate(string template, string? format) =>
        Assert.Equal(format, ToolCallFormat.FromTemplate(Template(template))?.Name);

    [Fact]
    public void MistralV3TemplateIsMistral() => Assert.Same(ToolCallFormat.Mistral,
        ToolCallFormat.FromTemplate(File.ReadAllText(Path.Combine(TestPaths.Fixtures, "mistral-7b-instruct-v0.3", "mistral-common-v3_spm.jinja"))));

    [Fact]
    public void HermesReadsEveryCallAndKeepsTheTextAround()
    {
        var reply = "Let me look.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>\n"
            + "<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n</tool_call>";
        var parse = ToolCallFormat.Hermes.Parse(reply);
        Assert.Equal([new ParsedToolCall("get_weather", """{"city":"Paris"}"""), new ParsedToolCall("get_time", "{}")], parse.Calls);
        Assert.Equal("Let me look.", parse.Content);
    }

    [Fact]
    public void HermesOnlyCallsHaveNullContentAndAnUnclosedLastCallStillCounts()
    {
        var parse = ToolCallFormat.Hermes.Parse("<tool_call>\n{\"name\": \"f\", \"arguments\": {\"x\": [1, 2]}}\n");
        Assert.Equal([new ParsedToolCall("f", """{"x":[1,2]}""")], parse.Calls);
        Assert.Null(parse.Content);
    }

    [Theory]
    [InlineData("Just text, no call.")]
    [InlineData("<tool_call>{\"name\": \"f\", \"arguments\": {\"x\": </tool_call>")] // cut-off JSON stays text
    [InlineData("<tool_call>{\"arguments\": {}}</tool_call>")]                     // no name
    public void HermesTextThatIsNoCallStaysContent(string reply)
    {
        var parse = ToolCallFormat.Hermes.Parse(reply);
        Assert.Empty(parse.Calls);
        Assert.Equal(reply, parse.Content);
    }

    [Fact]
    public void MistralReadsTheArrayWithOrWithoutItsSpecialToken()
    {
        const string calls = """[{"name": "send_email", "arguments": {"to": "a@b.c"}, "id": "123456789"}, {"name": "f", "arguments": "{\"k\":1}"}]""";
        ParsedToolCall[] expected = [new("send_email", """{"to":"a@b.c"}"""), new("f", """{"k":1}""")];
        Assert.Equal(expected, ToolCallFormat.Mistral.Parse("[TOOL_CALLS] " + calls).Calls);
        Assert.Equal(expected, ToolCallFormat.Mistral.Parse(" " + calls).Calls);
        var withText = ToolCallFormat.Mistral.Parse("Sure.[TOOL_CALLS]" + calls);
        Assert.Equal("Sure.", withText.Content);
        Assert.Equal("[1, 2, 3] are numbers", ToolCallFormat.Mistral.Parse("[1, 2, 3] are numbers").Content);
    }

    [Fact]
    public void LlamaReadsAWholeReplyObjectWithParameters()
    {
        var parse = ToolCallFormat.LlamaJson.Parse("""<|python_tag|>{"name": "get_weather", "parameters": {"city": "Oslo"}}""");
        Assert.Equal([new ParsedToolCall("get_weather", """{"city":"Oslo"}""")], parse.Calls);
        Assert.Null(parse.Content);
        Assert.Equal(2, ToolCallFormat.LlamaJson.Parse("""{"name": "a", "parameters": {}}; {"name": "b", "parameters": {}}""").Calls.Count);
        Assert.Empty(ToolCallFormat.LlamaJson.Parse("""The JSON {"name": "a"} is an example.""").Calls);
        Assert.Empty(ToolCallFormat.LlamaJson.Parse("""{"title": "not a call"}""").Calls);
    }

    [Theory]
    [InlineData("hermes", "Hello <tool", 6)]          // "<tool" may become "<tool_call>": held back
    [InlineData("hermes", "Hi <tool_call>{\"na", 3)]
    [InlineData("hermes", "a < b", 5)]
    [InlineData("mistral", "  [{\"name\"", 0)]
    [InlineData("mistral", "Plain answer", 12)]
    [InlineData("llama3_json", " {\"name\"", 0)]
    [InlineData("llama3_json", "Hello", 5)]
    [InlineData("llama3_json", "  ", 0)]
    public void StreamingHoldsBackOnlyWhatMayBecomeACall(string format, string partial, int safe)
    {
        var f = new[] { ToolCallFormat.Hermes, ToolCallFormat.Mistral, ToolCallFormat.LlamaJson }.Single(x => x.Name == format);
        Assert.Equal(safe, f.SafeContentLength(partial));
    }
}

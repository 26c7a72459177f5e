using OpenFineTune.Engine.Datasets;
using static OpenFineTune.Engine.Tests.Datasets.Jsonl;

namespace OpenFineTune.Engine.Tests.Datasets;

/// <summary>Tool-calling examples: tools, tool_calls, tool replies and the legacy functions/function_call.</summary>
public class ToolFormatTests
{
    const string Tools = """[{"type":"function","function":{"name":"get_order","description":"Estado de un pedido","parameters":{"type":"object","properties":{"id":{"type":"string"}}}}}]""";
    const string Call = """{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_order","arguments":"{\"id\":\"42\"}"}}]}""";
    const string Reply = """{"role":"tool","tool_call_id":"call_1","content":"enviado"}""";

    static string ToolLine(string call = Call, string reply = Reply, string tools = Tools) =>
        $$"""{"messages":[{"role":"user","content":"¿Y mi pedido 42?"},{{call}},{{reply}},{"role":"assistant","content":"Ya salió."}],"tools":{{tools}},"parallel_tool_calls":false}""";

    [Fact]
    public void ToolExampleNormalisesCallsRepliesAndTools()
    {
        var result = ValidateWith(ToolLine());

        Assert.True(result.IsValid, result.Describe());
        var conversation = result.Conversations[0];
        var call = Assert.Single(conversation.Messages[1].ToolCalls);
        Assert.Equal(new ToolCall("call_1", "get_order", """{"id":"42"}"""), call);
        Assert.Null(conversation.Messages[1].Content);
        Assert.Equal(1, conversation.Messages[1].Weight);
        Assert.Equal(("tool", "call_1", "enviado"), (conversation.Messages[2].Role, conversation.Messages[2].ToolCallId, conversation.Messages[2].Content));
        var tool = Assert.Single(conversation.Tools);
        Assert.Equal(("get_order", "Estado de un pedido"), (tool.Name, tool.Description));
        Assert.StartsWith("""{"type":"function","function":{"name":"get_order""", tool.Json);
        Assert.False(conversation.ParallelToolCalls);
    }

    [Theory]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_order","arguments":{"id":"42"}}}]}""",
        "line 1, messages[1].tool_calls[0].function.arguments: expected a string holding JSON, such as \"{\\\"city\\\": \\\"Madrid\\\"}\", got an object")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_order","arguments":"{id:42"}}]}""",
        "line 1, messages[1].tool_calls[0].function.arguments: not valid JSON ('i' is an invalid start of a property name. Expected a '\"')")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"call_1","type":"code","function":{"name":"get_order","arguments":"{}"}}]}""",
        "line 1, messages[1].tool_calls[0].type: expected \"function\"; got \"code\"")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get order","arguments":"{}"}}]}""",
        "line 1, messages[1].tool_calls[0].function.name: expected 1 to 64 letters, digits, underscores or dashes; got \"get order\"")]
    [InlineData("""{"role":"assistant","tool_calls":[]}""",
        "line 1, messages[1].tool_calls: expected a non-empty array, got an empty array")]
    public void BadToolCallsNameTheField(string call, string expected) =>
        Assert.Equal([expected], ProblemsOf(ToolLine(call: call, reply: """{"role":"tool","tool_call_id":"call_1","content":"x"}""")).Take(1));

    [Fact]
    public void ToolCallWithoutIdIsReported() => Assert.Contains(
        "line 1, messages[1].tool_calls[0].id: expected a non-empty string, got nothing",
        ProblemsOf(ToolLine(call: """{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]}""")));

    [Fact]
    public void ToolReplyNeedsTheIdOfAnEarlierCall()
    {
        Assert.Equal(["line 1, messages[2].tool_call_id: missing; a tool message must name the tool call it answers"],
            ProblemsOf(ToolLine(reply: """{"role":"tool","content":"enviado"}""")));
        Assert.Equal(["line 1, messages[2].tool_call_id: \"call_9\" is not the id of an earlier tool call in this example"],
            ProblemsOf(ToolLine(reply: """{"role":"tool","tool_call_id":"call_9","content":"enviado"}""")));
    }

    [Fact]
    public void AssistantWithoutContentOrCallsIsMissingContent() => Assert.Equal(
        ["line 1, messages[1].content: missing; an assistant message needs content"],
        ProblemsOf(Line(Message("user", "a"), """{"role":"assistant"}""")));

    [Theory]
    [InlineData("""[{"type":"retrieval"}]""", "line 1, tools[0].type: expected \"function\"; got \"retrieval\"")]
    [InlineData("""[{"type":"function","function":{"name":"a.b"}}]""", "line 1, tools[0].function.name: expected 1 to 64 letters, digits, underscores or dashes; got \"a.b\"")]
    [InlineData("""[{"type":"function","function":{"name":"f","parameters":"x"}}]""", "line 1, tools[0].function.parameters: expected a JSON schema object, got a string")]
    [InlineData("{}", "line 1, tools: expected an array, got an object")]
    public void BadToolsNameTheField(string tools, string expected) =>
        Assert.Equal([expected], ProblemsOf(ToolLine(tools: tools)));

    [Fact]
    public void LegacyFunctionsBecomeToolsAndFunctionRepliesBecomeToolMessages()
    {
        var line = """{"messages":[{"role":"user","content":"hora"},{"role":"assistant","function_call":{"name":"now","arguments":"{}"}},{"role":"function","name":"now","content":"12:00"},{"role":"assistant","content":"Son las 12."}],"functions":[{"name":"now"}]}""";
        var result = ValidateWith(line);

        Assert.True(result.IsValid, result.Describe());
        var messages = result.Conversations[0].Messages;
        Assert.Equal(new ToolCall("", "now", "{}"), Assert.Single(messages[1].ToolCalls));
        Assert.Equal(("tool", "now"), (messages[2].Role, messages[2].Name));
        Assert.Equal("""{"type":"function","function":{"name":"now"}}""", Assert.Single(result.Conversations[0].Tools).Json);
    }

    [Fact]
    public void FunctionMessageNeedsAName() => Assert.Contains(
        "line 1, messages[1].name: missing; a function message names the function it answers",
        ProblemsOf(Line(Message("user", "a"), """{"role":"function","content":"x"}""", Message("assistant", "b"))));

    [Fact]
    public void ParallelToolCallsMustBeABoolean() => Assert.Equal(
        ["line 1, parallel_tool_calls: expected true or false, got a string"],
        ProblemsOf("""{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}],"parallel_tool_calls":"no"}"""));
}

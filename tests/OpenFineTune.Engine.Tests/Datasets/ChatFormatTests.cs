using OpenFineTune.Engine.Datasets;
using static OpenFineTune.Engine.Tests.Datasets.Jsonl;

namespace OpenFineTune.Engine.Tests.Datasets;

/// <summary>OpenAI's chat rules (openai-api-notes.md §4.1 and the cookbook's error classes), one test per rule.</summary>
public class ChatFormatTests
{
    [Fact]
    public void ValidChatFileNormalisesEveryMessage()
    {
        var line = Line(Message("system", "Eres soporte."), Message("user", "No puedo entrar"),
            """{"role":"assistant","content":"Prueba esto","weight":0}""", Message("user", "Sigue igual"), Message("assistant", "Reinicia"));
        var result = ValidateWith(line);

        Assert.True(result.IsValid, result.Describe());
        Assert.Equal(DatasetFormat.Chat, result.Format);
        Assert.Equal(10, result.Conversations.Count);
        var first = result.Conversations[0];
        Assert.Equal(1, first.Line);
        Assert.Equal(["system", "user", "assistant", "user", "assistant"], first.Messages.Select(m => m.Role));
        Assert.Equal([0, 0, 0, 0, 1], first.Messages.Select(m => m.Weight));
        Assert.Equal("Prueba esto", first.Messages[2].Content);
        Assert.Equal("messages[4].content", first.Messages[4].SourceField);
        Assert.Equal(2, result.Conversations[1].Line);
    }

    [Fact]
    public void UnknownRoleNamesLineMessageAndField() => Assert.Equal(
        ["line 1, messages[2].role: expected one of system, user, assistant, tool; got \"bot\""],
        ProblemsOf(Line(Message("user", "a"), Message("assistant", "b"), Message("bot", "c"))));

    [Fact]
    public void MessagesMissingIsReportedLikeTheSeedScript() => Assert.Equal(
        ["line 1, messages: missing; every line of this file must be a chat example ({\"messages\": [...]})"],
        ValidateWith("""{"conversation":[]}""").Problems.Select(p => p.ToString()));

    [Theory]
    [InlineData("""{"messages":"hola"}""", "line 1, messages: expected a non-empty array of messages, got a string")]
    [InlineData("""{"messages":[]}""", "line 1, messages: expected a non-empty array of messages, got an empty array")]
    public void MessagesMustBeANonEmptyArray(string line, string expected) => Assert.Equal([expected], ProblemsOf(line));

    [Fact]
    public void MessageWithoutRoleOrContentIsReported()
    {
        Assert.Equal(["line 1, messages[0].role: missing; every message needs a role"],
            ProblemsOf(Line("""{"content":"hola"}""", Message("assistant", "b"))));
        Assert.Equal(["line 1, messages[0].content: missing; a user message needs content"],
            ProblemsOf(Line("""{"role":"user"}""", Message("assistant", "b"))));
    }

    [Theory]
    [InlineData("""{"role":"user","content":""}""", "line 1, messages[0].content: expected text, got an empty string")]
    [InlineData("""{"role":"user","content":null}""", "line 1, messages[0].content: expected text, got null")]
    [InlineData("""{"role":"user","content":5}""", "line 1, messages[0].content: expected a string or an array of text parts, got a number")]
    public void ContentMustBeText(string message, string expected) =>
        Assert.Equal([expected], ProblemsOf(Line(message, Message("assistant", "b"))));

    [Fact]
    public void MessageThatIsNotAnObjectIsADataTypeProblem() =>
        Assert.Equal(["line 1, messages[0]: expected a message object, got a string"], ProblemsOf(Line("\"hola\"", Message("assistant", "b"))));

    [Fact]
    public void ExampleWithoutAssistantMessageIsRejected()
    {
        var result = ValidateWith(Line(Message("system", "s"), Message("user", "u")));
        var problem = Assert.Single(result.Problems);
        Assert.Equal("line 1, messages: no assistant message; an example needs at least one to train on", problem.ToString());
        Assert.Equal("example_missing_assistant_message", problem.Code);
    }

    [Theory]
    [InlineData("""{"role":"user","content":"a","foo":1}""", "line 1, messages[0].foo: unrecognized key; a user message may have role, content, name")]
    [InlineData("""{"role":"user","content":"a","weight":1}""", "line 1, messages[0].weight: only assistant messages may have a weight")]
    [InlineData("""{"role":"user","content":"a","tool_call_id":"x"}""", "line 1, messages[0].tool_call_id: only tool messages may have a tool_call_id")]
    [InlineData("""{"role":"system","content":"a","tool_calls":[]}""", "line 1, messages[0].tool_calls: only assistant messages may have tool_calls")]
    public void KeysAreCheckedPerRole(string message, string expected) =>
        Assert.Equal([expected], ProblemsOf(Line(message, Message("assistant", "b"))));

    [Theory]
    [InlineData("0.5")]
    [InlineData("2")]
    [InlineData("\"1\"")]
    public void WeightMustBeZeroOrOne(string weight) => Assert.Equal(
        [$"line 1, messages[1].weight: expected 0 or 1; got {weight}"],
        ProblemsOf(Line(Message("user", "a"), $$"""{"role":"assistant","content":"b","weight":{{weight}}}""")));

    [Fact]
    public void TextPartsAreJoinedAndImagePartsAreRefused()
    {
        var parts = """{"role":"user","content":[{"type":"text","text":"uno"},{"type":"text","text":"dos"}]}""";
        Assert.Equal("uno\ndos", ValidateWith(Line(parts, Message("assistant", "b"))).Conversations[0].Messages[0].Content);

        var image = """{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}""";
        Assert.Equal(["line 1, messages[0].content[0]: image parts are for vision fine-tuning, which the text models trained here do not support"],
            ProblemsOf(Line(image, Message("assistant", "b"))));
        var assistantImage = """{"role":"assistant","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}""";
        Assert.Equal(["line 1, messages[1].content[0]: image parts are only allowed in user messages"],
            ProblemsOf(Line(Message("user", "a"), assistantImage)));
    }

    [Fact]
    public void UnknownPartTypeAndTopLevelKeyAreNamed()
    {
        Assert.Equal(["line 1, messages[0].content[0].type: expected \"text\" or \"image_url\"; got \"audio\""],
            ProblemsOf(Line("""{"role":"user","content":[{"type":"audio"}]}""", Message("assistant", "b"))));
        Assert.Equal(["line 1, id: unrecognized key; a chat example may have messages, tools, parallel_tool_calls, functions"],
            ProblemsOf("""{"id":7,"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}"""));
    }

    [Fact]
    public void ParticipantNameMustBeAnIdentifier() => Assert.Equal(
        ["line 1, messages[0].name: expected 1 to 64 letters, digits, underscores or dashes; got \"Ana López\""],
        ProblemsOf(Line("""{"role":"user","content":"a","name":"Ana López"}""", Message("assistant", "b"))));

    [Fact]
    public void EveryProblemOfALineIsReportedInOrder()
    {
        var problems = ProblemsOf(Line("""{"role":"bot","content":"a"}""", """{"role":"user"}"""));
        Assert.Equal([
            "line 1, messages[0].role: expected one of system, user, assistant, tool; got \"bot\"",
            "line 1, messages[1].content: missing; a user message needs content",
            "line 1, messages: no assistant message; an example needs at least one to train on"], problems);
    }
}

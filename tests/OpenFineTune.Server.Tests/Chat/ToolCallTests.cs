using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Generation.ToolCalls;
using OpenFineTune.Engine.Templates;

namespace OpenFineTune.Server.Tests.Chat;

/// <summary>
/// Tool calls in chat replies, through the official .NET SDK: an engine whose model (Qwen2.5's chat template, so the
/// Hermes format) answers with a <c>&lt;tool_call&gt;</c> block, a few characters per token.
/// </summary>
public class ToolCallTests
{
    const string Call = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"unit\": \"celsius\"}}\n</tool_call>";
    const string Arguments = """{"city":"Paris","unit":"celsius"}""";

    static ChatCompletionOptions WithWeatherTool() => new()
    {
        Tools = { ChatTool.CreateFunctionTool("get_weather", "Current weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""")) },
    };

    [Fact]
    public async Task ACallInTheReplyIsAToolCallWithNullContent()
    {
        await using var app = new ToolCallingGenerator(Call).App();

        ChatCompletion reply = await app.Sdk().GetChatClient("qwen").CompleteChatAsync([new UserChatMessage("Weather in Paris?")], WithWeatherTool());

        Assert.Equal(ChatFinishReason.ToolCalls, reply.FinishReason);
        Assert.Empty(reply.Content);
        var call = Assert.Single(reply.ToolCalls);
        Assert.StartsWith("call_", call.Id);
        Assert.Equal(ChatToolCallKind.Function, call.Kind);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal(Arguments, call.FunctionArguments.ToString());
    }

    [Fact]
    public async Task WireShapeHasNullContentAndArgumentsAsAString()
    {
        await using var app = new ToolCallingGenerator(Call).App();
        var body = await Wire.PostOk(app.CreateClient(), "/v1/chat/completions",
            """{"model":"qwen","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"get_weather"}}]}""");
        var message = body.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        var call = message.GetProperty("tool_calls")[0];
        Assert.Equal("function", call.Str("type"));
        Assert.Equal(Arguments, call.GetProperty("function").Str("arguments"));
    }

    [Fact]
    public async Task StreamedReplySendsTheTextThenToolCallFragmentsNeverTheCallAsContent()
    {
        await using var app = new ToolCallingGenerator("Let me check.\n" + Call).App();
        var content = new StringBuilder();
        var (ids, names, arguments) = (new Dictionary<int, string>(), new Dictionary<int, string>(), new Dictionary<int, StringBuilder>());
        ChatFinishReason? finish = null;

        await foreach (var update in app.Sdk().GetChatClient("qwen").CompleteChatStreamingAsync([new UserChatMessage("Weather?")], WithWeatherTool()))
        {
            foreach (var part in update.ContentUpdate) content.Append(part.Text);
            foreach (var t in update.ToolCallUpdates)
            {
                if (t.ToolCallId is { } id) ids[t.Index] = id;
                if (t.FunctionName is { } name) names[t.Index] = name;
                arguments.TryAdd(t.Index, new StringBuilder());
                arguments[t.Index].Append(t.FunctionArgumentsUpdate?.ToString());
            }
            finish ??= update.FinishReason;
        }

        Assert.Equal("Let me check.", content.ToString().Trim());
        Assert.DoesNotContain("tool_call", content.ToString());
        Assert.StartsWith("call_", Assert.Single(ids).Value);
        Assert.Equal("get_weather", names[0]);
        Assert.Equal(Arguments, arguments[0].ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
    }

    [Fact]
    public async Task ToolChoiceNoneLeavesTheReplyAsText()
    {
        await using var app = new ToolCallingGenerator(Call).App();
        var options = WithWeatherTool();
        options.ToolChoice = ChatToolChoice.CreateNoneChoice();

        ChatCompletion reply = await app.Sdk().GetChatClient("qwen").CompleteChatAsync([new UserChatMessage("Weather?")], options);

        Assert.Equal(ChatFinishReason.Stop, reply.FinishReason);
        Assert.Empty(reply.ToolCalls);
        Assert.Equal(Call, reply.Content[0].Text);
    }

    /// <summary>Replies <paramref name="reply"/> four characters per token, with the tool-call format the real engine would pick for Qwen2.5.</summary>
    sealed class ToolCallingGenerator(string reply) : ITextGenerator
    {
        static readonly ModelChatTemplate Qwen = ModelChatTemplate.Load(Path.Combine(TestPaths.Fixtures, "qwen2.5-instruct"))!;

        public OpenFineTuneApp App() => new(services: s => s.AddSingleton<ITextGenerator>(this));

        public PreparedGeneration Prepare(GenerationRequest r) =>
            new(r, r.Model, [1, 2, 3], 100, "fp_tools") { ToolCalls = ToolCallFormat.For(r, Qwen) };

        public async IAsyncEnumerable<GenerationDelta> GenerateAsync(PreparedGeneration p, [EnumeratorCancellation] CancellationToken ct)
        {
            var pieces = reply.Chunk(4).Select(c => new string(c)).ToList();
            for (var i = 0; i < pieces.Count; i++)
            {
                await Task.Yield();
                yield return new GenerationDelta(0, pieces[i], 1, null, i == pieces.Count - 1 ? "stop" : null);
            }
        }
    }
}

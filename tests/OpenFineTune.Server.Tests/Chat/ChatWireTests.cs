using System.Text.Json;
using OpenFineTune.Engine.Generation;

namespace OpenFineTune.Server.Tests.Chat;

/// <summary>The chat completion object field by field, and how request fields reach the engine.</summary>
public class ChatWireTests
{
    [Fact]
    public async Task ResponseHasEveryFieldTheSdksRead()
    {
        await using var app = new FakeTextGenerator().App();

        var body = await Wire.PostOk(app.CreateClient(), "/v1/chat/completions", Wire.Chat());

        Assert.Equal("chat.completion", body.Str("object"));
        Assert.StartsWith("chatcmpl-", body.Str("id"));
        Assert.Equal(JsonValueKind.Number, body.GetProperty("created").ValueKind);
        Assert.True(body.GetProperty("created").TryGetInt64(out _));
        Assert.Equal("fake-model", body.Str("model"));
        Assert.Equal("fp_fake", body.Str("system_fingerprint"));
        Assert.Equal("default", body.Str("service_tier"));
        var choice = body.GetProperty("choices").EnumerateArray().Single();
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("stop", choice.Str("finish_reason"));
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
        var message = choice.GetProperty("message");
        Assert.Equal("""{"role":"assistant","content":"Hello there, friend!","refusal":null,"annotations":[]}""", message.GetRawText());
        var usage = body.GetProperty("usage");
        Assert.Equal((1, 5, 6), (usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32()));
        Assert.Equal("""{"cached_tokens":0,"audio_tokens":0}""", usage.GetProperty("prompt_tokens_details").GetRawText());
        Assert.Equal("""{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}""",
            usage.GetProperty("completion_tokens_details").GetRawText());
    }

    [Fact]
    public async Task LogprobsWithoutACountHaveEmptyTopLogprobsAndIntegerBytes()
    {
        await using var app = new FakeTextGenerator().App();

        var body = await Wire.PostOk(app.CreateClient(), "/v1/chat/completions", Wire.Chat(""","logprobs":true,"max_tokens":1"""));

        var logprobs = body.GetProperty("choices")[0].GetProperty("logprobs");
        Assert.Equal(JsonValueKind.Null, logprobs.GetProperty("refusal").ValueKind);
        Assert.Equal("""{"token":"Hello","logprob":-0.1,"bytes":[72,101,108,108,111],"top_logprobs":[]}""",
            logprobs.GetProperty("content").EnumerateArray().Single().GetRawText());
    }

    [Fact]
    public async Task RequestFieldsReachTheEngineInItsOwnTerms()
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();

        await Wire.PostOk(app.CreateClient(), "/v1/chat/completions", """
            {"model":"fake-model","messages":[
              {"role":"developer","content":"Be brief."},
              {"role":"user","content":[{"type":"text","text":"first"},{"type":"text","text":"second"}],"name":"ana"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"42"}],
             "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
             "temperature":0.5,"top_p":0.9,"n":2,"stop":"\n\n","max_tokens":9,"max_completion_tokens":7,
             "presence_penalty":0.5,"frequency_penalty":-0.5,"logit_bias":{"17":-100,"3":5},"seed":-1,
             "logprobs":true,"top_logprobs":3,"user":"u","metadata":{"k":"v"},"store":false,"response_format":{"type":"text"},
             "parallel_tool_calls":true,"service_tier":"auto","reasoning_effort":"low","some_vendor_extra":{"a":1}}
            """);

        var request = engine.Requests.Single();
        var chat = Assert.IsType<Prompt.Chat>(request.Prompt);
        Assert.Equal(["system", "user", "assistant", "tool"], chat.Messages.Select(m => m.Role));
        Assert.Equal("first\nsecond", chat.Messages[1].Content);
        Assert.Equal("ana", chat.Messages[1].Name);
        Assert.Equal(("call_1", "f", """{"x":1}"""), (chat.Messages[2].ToolCalls[0].Id, chat.Messages[2].ToolCalls[0].Name, chat.Messages[2].ToolCalls[0].ArgumentsJson));
        Assert.Equal("call_1", chat.Messages[3].ToolCallId);
        Assert.Equal("f", chat.Tools.Single().Name);
        Assert.Equal((0.5f, 0.9f, 0.5f, -0.5f), (request.Sampling.Temperature, request.Sampling.TopP, request.Sampling.PresencePenalty, request.Sampling.FrequencyPenalty));
        Assert.Equal(new Dictionary<int, float> { [17] = -100, [3] = 5 }, request.Sampling.LogitBias);
        Assert.Equal(ulong.MaxValue, request.Sampling.Seed);
        Assert.Equal((2, 7, 3), (request.N, request.MaxNewTokens, request.TopLogprobs));
        Assert.Equal(["\n\n"], request.Stop);
    }

    [Fact]
    public async Task OmittedFieldsTakeOpenAIDefaults()
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();

        await Wire.PostOk(app.CreateClient(), "/v1/chat/completions", Wire.Chat());

        var request = engine.Requests.Single();
        Assert.Equal((1f, 1f, 0f, 0f), (request.Sampling.Temperature, request.Sampling.TopP, request.Sampling.PresencePenalty, request.Sampling.FrequencyPenalty));
        Assert.Equal((1, null, null, null, null), (request.N, request.MaxNewTokens, request.TopLogprobs, request.Stop, request.Sampling.Seed));
        Assert.Empty(request.Sampling.LogitBias);
    }

    [Fact]
    public async Task ToolChoiceNoneHidesTheToolsAndLegacyFunctionsAreOffered()
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();
        var client = app.CreateClient();

        await Wire.PostOk(client, "/v1/chat/completions", Wire.Chat(""","tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"none" """));
        await Wire.PostOk(client, "/v1/chat/completions", Wire.Chat(""","functions":[{"name":"g","description":"d"}],"function_call":"auto" """));

        Assert.Empty(((Prompt.Chat)engine.Requests[0].Prompt).Tools);
        var legacy = ((Prompt.Chat)engine.Requests[1].Prompt).Tools.Single();
        Assert.Equal(("g", "d"), (legacy.Name, legacy.Description));
        Assert.Equal("function", JsonDocument.Parse(legacy.Json).RootElement.Str("type"));
    }

    [Fact]
    public async Task TopPZeroMeansGreedy()
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();

        await Wire.PostOk(app.CreateClient(), "/v1/chat/completions", Wire.Chat(""","top_p":0,"temperature":0.8"""));

        Assert.True(engine.Requests.Single().Sampling.IsGreedy);
    }

    [Fact]
    public async Task NChoicesAreIndexedInOrder()
    {
        await using var app = new FakeTextGenerator().App();

        var body = await Wire.PostOk(app.CreateClient(), "/v1/chat/completions", Wire.Chat(""","n":3,"max_tokens":2"""));

        var choices = body.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.All(choices, c => Assert.Equal(("Hello there", "length"), (c.GetProperty("message").Str("content"), c.Str("finish_reason"))));
        Assert.Equal(6, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }
}

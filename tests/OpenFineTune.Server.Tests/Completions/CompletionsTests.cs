using System.Text.Json;
using OpenFineTune.Engine.Generation;
using OpenFineTune.Server.Tests.Chat;

namespace OpenFineTune.Server.Tests.Completions;

/// <summary>Legacy <c>/v1/completions</c>: prompt forms, echo, int logprobs, best_of, streaming, and errors naming param.</summary>
public class CompletionsTests
{
    const string Path = "/v1/completions";

    [Fact]
    public async Task AStringPromptGivesATextCompletionWithMaxTokens16ByDefault()
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();

        var body = await Wire.PostOk(app.CreateClient(), Path, """{"model":"fake-model","prompt":"Once upon a time"}""");

        Assert.Equal("text_completion", body.Str("object"));
        Assert.StartsWith("cmpl-", body.Str("id"));
        Assert.Equal(("fake-model", "fp_fake"), (body.Str("model"), body.Str("system_fingerprint")));
        Assert.Equal("""{"text":"Hello there, friend!","index":0,"logprobs":null,"finish_reason":"stop"}""", body.GetProperty("choices")[0].GetRawText());
        Assert.Equal("""{"prompt_tokens":4,"completion_tokens":5,"total_tokens":9}""", body.GetProperty("usage").GetRawText());
        Assert.Equal(16, engine.Requests.Single().MaxNewTokens);
        Assert.Equal(new Prompt.Text("Once upon a time"), engine.Requests.Single().Prompt);
    }

    [Fact]
    public async Task EachPromptGetsNChoicesIndexedPromptTimesNPlusJ()
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();

        var body = await Wire.PostOk(app.CreateClient(), Path, """{"model":"fake-model","prompt":["a","b c"],"n":2,"max_tokens":1}""");

        Assert.Equal([0, 1, 2, 3], body.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("index").GetInt32()));
        Assert.Equal((3, 4), (body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), body.GetProperty("usage").GetProperty("completion_tokens").GetInt32()));
        Assert.Equal(["a", "b c"], engine.Requests.Select(r => ((Prompt.Text)r.Prompt).Value));
    }

    [Fact]
    public async Task TokenIdPromptsReachTheEngineAsIds()
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();
        var client = app.CreateClient();

        await Wire.PostOk(client, Path, """{"model":"fake-model","prompt":[1,2,3]}""");
        await Wire.PostOk(client, Path, """{"model":"fake-model","prompt":[[4],[5,6]]}""");

        Assert.Equal([[1, 2, 3], [4], [5, 6]], engine.Requests.Select(r => ((Prompt.Tokens)r.Prompt).Ids.ToArray()));
    }

    [Fact]
    public async Task EchoPutsThePromptInFront()
    {
        await using var app = new FakeTextGenerator().App();

        var body = await Wire.PostOk(app.CreateClient(), Path, """{"model":"fake-model","prompt":"Say:","echo":true,"max_tokens":1}""");

        Assert.Equal("Say:Hello", body.GetProperty("choices")[0].Str("text"));
    }

    [Fact]
    public async Task IntLogprobsGiveTokensOffsetsAndDictsIncludingTheSampledToken()
    {
        await using var app = new FakeTextGenerator().App();

        var body = await Wire.PostOk(app.CreateClient(), Path, """{"model":"fake-model","prompt":"x","logprobs":2,"max_tokens":2}""");

        Assert.Equal("""{"tokens":["Hello"," there"],"token_logprobs":[-0.1,-0.1],"top_logprobs":[{"Hello":-0.1,"alt1":-2,"alt2":-3},{" there":-0.1,"alt1":-2,"alt2":-3}],"text_offset":[0,5]}""",
            body.GetProperty("choices")[0].GetProperty("logprobs").GetRawText());
    }

    [Fact]
    public async Task BestOfGeneratesMoreAndReturnsTheHighestMeanLogprob()
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();

        var body = await Wire.PostOk(app.CreateClient(), Path, """{"model":"fake-model","prompt":"x","best_of":3,"n":1}""");

        Assert.Equal((3, 0), (engine.Requests.Single().N, engine.Requests.Single().TopLogprobs)); // logprobs asked only to rank
        var choice = body.GetProperty("choices").EnumerateArray().Single();
        Assert.Equal((0, JsonValueKind.Null), (choice.GetProperty("index").GetInt32(), choice.GetProperty("logprobs").ValueKind));
        Assert.Equal(15, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32()); // all three are paid for
    }

    [Fact]
    public async Task StreamingKeepsTheTextCompletionObjectAndEndsWithUsageThenDone()
    {
        await using var app = new FakeTextGenerator().App();

        var events = await Wire.PostStream(app.CreateClient(), Path,
            """{"model":"fake-model","prompt":"x","max_tokens":2,"stream":true,"stream_options":{"include_usage":true}}""");

        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(Wire.Parse).ToList();
        Assert.All(chunks, c => Assert.Equal("text_completion", c.Str("object")));
        Assert.Equal(["Hello", " there"], chunks[..^1].Select(c => c.GetProperty("choices")[0].Str("text")));
        Assert.Equal([null, "length"], chunks[..^1].Select(c => c.GetProperty("choices")[0].Str("finish_reason")));
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        Assert.Equal(3, chunks[^1].GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Theory]
    [InlineData("""{"prompt":"x"}""", "model")]
    [InlineData("""{"model":"fake-model","prompt":"x","suffix":"end"}""", "suffix")]
    [InlineData("""{"model":"fake-model","prompt":"x","n":3,"best_of":2}""", "best_of")]
    [InlineData("""{"model":"fake-model","prompt":"x","best_of":2,"stream":true}""", "best_of")]
    [InlineData("""{"model":"fake-model","prompt":"x","logprobs":6}""", "logprobs")]
    [InlineData("""{"model":"fake-model","prompt":"x","logprobs":true}""", "logprobs")]
    [InlineData("""{"model":"fake-model","prompt":"x","max_tokens":-1}""", "max_tokens")]
    [InlineData("""{"model":"fake-model","prompt":["x",[1]]}""", "prompt")]
    [InlineData("""{"model":"fake-model","prompt":[]}""", "prompt")]
    [InlineData("""{"model":"fake-model","prompt":[1.5]}""", "prompt")]
    [InlineData("""{"model":"fake-model","prompt":"x","stop":["a","b","c","d","e"]}""", "stop")]
    [InlineData("""{"model":"fake-model","prompt":"x","stream_options":{"include_usage":true}}""", "stream_options")]
    [InlineData("""{"model":"fake-model","prompt":"x","temperature":-1}""", "temperature")]
    public async Task BadParameterIs400NamingIt(string json, string param)
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();

        var error = await Envelope.AssertError(await app.CreateClient().PostAsync(Path, Wire.Json(json)), 400);

        Assert.Equal(param, error.Str("param"));
        Assert.Empty(engine.Requests);
    }

    [Fact]
    public async Task UnknownModelIs404EvenWhenStreaming()
    {
        await using var app = new FakeTextGenerator().App();

        var error = await Envelope.AssertError(await app.CreateClient().PostAsync(Path, Wire.Json("""{"model":"nope","prompt":"x","stream":true}""")), 404);

        Assert.Equal("model_not_found", error.Str("code"));
    }
}

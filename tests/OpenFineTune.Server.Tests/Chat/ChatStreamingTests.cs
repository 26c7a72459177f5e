using System.Text.Json;

namespace OpenFineTune.Server.Tests.Chat;

/// <summary>The SSE framing and chunk sequence, read as raw bytes.</summary>
public class ChatStreamingTests
{
    [Fact]
    public async Task ChunksGoRoleThenContentThenFinishThenDone()
    {
        await using var app = new FakeTextGenerator().App();

        var events = await Wire.PostStream(app.CreateClient(), "/v1/chat/completions", Wire.Chat(""","stream":true,"max_tokens":2"""));

        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(Wire.Parse).ToList();
        Assert.Equal(["""{"role":"assistant","content":""}""", """{"content":"Hello"}""", """{"content":" there"}""", "{}"],
            chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetRawText()));
        Assert.Equal([null, null, null, "length"], chunks.Select(c => c.GetProperty("choices")[0].Str("finish_reason")));
        Assert.All(chunks, c =>
        {
            Assert.Equal("chat.completion.chunk", c.Str("object"));
            Assert.Equal(chunks[0].Str("id"), c.Str("id"));
            Assert.Equal(chunks[0].GetProperty("created").GetInt64(), c.GetProperty("created").GetInt64());
            Assert.Equal(("fake-model", "fp_fake"), (c.Str("model"), c.Str("system_fingerprint")));
            Assert.Equal(JsonValueKind.Null, c.GetProperty("usage").ValueKind);
            Assert.True(c.GetProperty("choices")[0].TryGetProperty("finish_reason", out _), "finish_reason is sent on every chunk");
            Assert.Equal(JsonValueKind.Null, c.GetProperty("choices")[0].GetProperty("logprobs").ValueKind);
        });
    }

    [Fact]
    public async Task IncludeUsageAddsAFinalChunkWithNoChoices()
    {
        await using var app = new FakeTextGenerator().App();

        var events = await Wire.PostStream(app.CreateClient(), "/v1/chat/completions",
            Wire.Chat(""","stream":true,"stream_options":{"include_usage":true},"n":2"""));

        var chunks = events[..^1].Select(Wire.Parse).ToList();
        var last = chunks[^1];
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        var usage = last.GetProperty("usage");
        Assert.Equal((1, 10, 11), (usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32()));
        Assert.All(chunks[..^1], c => Assert.Equal(JsonValueKind.Null, c.GetProperty("usage").ValueKind));
        foreach (var index in new[] { 0, 1 })
        {
            var mine = chunks[..^1].Select(c => c.GetProperty("choices")[0]).Where(c => c.GetProperty("index").GetInt32() == index).ToList();
            Assert.Equal("assistant", mine[0].GetProperty("delta").Str("role"));
            Assert.Equal("Hello there, friend!", string.Concat(mine.Select(c => c.GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : "")));
            Assert.Equal("stop", mine[^1].Str("finish_reason"));
        }
    }

    [Fact]
    public async Task StreamedLogprobsTravelWithTheirContent()
    {
        await using var app = new FakeTextGenerator().App();

        var events = await Wire.PostStream(app.CreateClient(), "/v1/chat/completions", Wire.Chat(""","stream":true,"logprobs":true,"top_logprobs":1,"max_tokens":1"""));

        var content = Wire.Parse(events[1]).GetProperty("choices")[0];
        Assert.Equal("Hello", content.GetProperty("delta").Str("content"));
        Assert.Equal("""{"content":[{"token":"Hello","logprob":-0.1,"bytes":[72,101,108,108,111],"top_logprobs":[{"token":"alt1","logprob":-2,"bytes":[97,108,116,49]}]}],"refusal":null}""",
            content.GetProperty("logprobs").GetRawText());
    }

    [Fact]
    public async Task AnErrorBeforeTheFirstByteIsAPlainJsonError()
    {
        await using var app = new FakeTextGenerator().App();

        var response = await app.CreateClient().PostAsync("/v1/chat/completions", Wire.Json(Wire.Chat(""","stream":true""", model: "nope")));

        var error = await Envelope.AssertError(response, 404);
        Assert.Equal("model_not_found", error.Str("code"));
    }

    [Fact]
    public async Task AnErrorMidStreamIsAnErrorEventThenDone()
    {
        var engine = new FakeTextGenerator { FailAfterFirstToken = new InvalidOperationException("engine broke") };
        await using var app = engine.App();

        var events = await Wire.PostStream(app.CreateClient(), "/v1/chat/completions", Wire.Chat(""","stream":true"""));

        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal("Hello", Wire.Parse(events[1]).GetProperty("choices")[0].GetProperty("delta").Str("content"));
        var error = Wire.Parse(events[^2]).GetProperty("error");
        Assert.Equal("server_error", error.Str("type"));
        Assert.Contains("request id req_", error.Str("message"));
        Assert.DoesNotContain("engine broke", error.Str("message")); // internals stay in the server log
        Assert.Equal(4, events.Count);
    }

    [Fact]
    public async Task AnArgumentErrorMidStreamKeepsItsParam()
    {
        var engine = new FakeTextGenerator { FailAfterFirstToken = new ArgumentException("bad stop", "stop") };
        await using var app = engine.App();

        var events = await Wire.PostStream(app.CreateClient(), "/v1/chat/completions", Wire.Chat(""","stream":true"""));

        var error = Wire.Parse(events[^2]).GetProperty("error");
        Assert.Equal(("bad stop", "stop"), (error.Str("message"), error.Str("param")));
    }
}

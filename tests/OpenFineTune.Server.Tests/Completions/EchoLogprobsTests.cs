using System.Text.Json;
using OpenFineTune.Server.Tests.Chat;

namespace OpenFineTune.Server.Tests.Completions;

/// <summary>Legacy completions with echo + logprobs score the prompt too (stories260k on the real engine), in OpenAI's shape.</summary>
public class EchoLogprobsTests
{
    const string Prompt = "Once upon a time, there was";

    [Fact]
    public async Task PromptTokensComeFirstTheFirstUnscoredThenTheCompletion()
    {
        await using var app = RealEngine.App(RealEngine.Stories260k);
        var body = await Wire.PostOk(app.CreateClient(), "/v1/completions",
            $$"""{"model":"hf","prompt":"{{Prompt}}","echo":true,"logprobs":2,"max_tokens":3,"temperature":0}""");

        var choice = body.GetProperty("choices")[0];
        var text = choice.Str("text")!;
        var lp = choice.GetProperty("logprobs");
        var tokens = lp.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToList();
        var usage = body.GetProperty("usage");
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 3, tokens.Count);
        Assert.StartsWith(Prompt, text);
        Assert.Equal(Prompt, string.Concat(tokens.SkipLast(3)));
        Assert.Equal(JsonValueKind.Null, lp.GetProperty("token_logprobs")[0].ValueKind);
        Assert.Equal(JsonValueKind.Null, lp.GetProperty("top_logprobs")[0].ValueKind);
        Assert.All(lp.GetProperty("token_logprobs").EnumerateArray().Skip(1), v => Assert.True(v.GetSingle() <= 0));
        Assert.All(lp.GetProperty("top_logprobs").EnumerateArray().Skip(1), d => Assert.InRange(d.EnumerateObject().Count(), 2, 3));
        // text_offset counts from the start of the echoed text.
        var offsets = lp.GetProperty("text_offset").EnumerateArray().Select(o => o.GetInt32()).ToList();
        Assert.Equal(tokens.Select((_, i) => tokens.Take(i).Sum(t => t.Length)), offsets);
    }

    [Fact]
    public async Task MaxTokensZeroScoresOnlyThePromptAlsoWhenStreamed()
    {
        await using var app = RealEngine.App(RealEngine.Stories260k);
        var client = app.CreateClient();
        const string request = $$"""{"model":"hf","prompt":"{{Prompt}}","echo":true,"logprobs":1,"max_tokens":0""";

        var body = await Wire.PostOk(client, "/v1/completions", request + "}");
        var choice = body.GetProperty("choices")[0];
        Assert.Equal(Prompt, choice.Str("text"));
        Assert.Equal(0, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        var scores = choice.GetProperty("logprobs").GetProperty("token_logprobs").EnumerateArray().ToList();
        Assert.Equal(body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), scores.Count);

        var events = await Wire.PostStream(client, "/v1/completions", request + ""","stream":true}""");
        var first = Wire.Parse(events[0]).GetProperty("choices")[0];
        Assert.Equal(Prompt, first.Str("text"));
        Assert.Equal(scores.Select(s => s.ToString()), first.GetProperty("logprobs").GetProperty("token_logprobs").EnumerateArray().Select(s => s.ToString()));
    }
}

using OpenFineTune.Server.Tests.Chat;

namespace OpenFineTune.Server.Tests.Completions;

/// <summary>Legacy completions on the real engine with the stories260k reference model served by --model.</summary>
public class RealEngineCompletionsTests
{
    [Fact]
    public async Task GreedyStoryContinuesLikeTheReference()
    {
        await using var app = RealEngine.App(RealEngine.Stories260k);

        var body = await Wire.PostOk(app.CreateClient(), "/v1/completions",
            """{"model":"hf","prompt":"Once upon a time, there was","temperature":0,"max_tokens":12}""");

        // The greedy continuation recorded for this model and prompt (../shared/fixtures/reference-models/stories260k).
        var choice = body.GetProperty("choices")[0];
        Assert.StartsWith("a little girl named Lily", choice.Str("text")!.TrimStart());
        Assert.Equal("length", choice.Str("finish_reason"));
        var usage = body.GetProperty("usage");
        Assert.Equal(12, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 12, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task StreamedGreedyTextEqualsTheNonStreamedText()
    {
        await using var app = RealEngine.App(RealEngine.Stories260k);
        var client = app.CreateClient();
        const string request = """{"model":"hf","prompt":"Once upon a time, there was","temperature":0,"max_tokens":12""";

        var whole = (await Wire.PostOk(client, "/v1/completions", request + "}")).GetProperty("choices")[0].Str("text");
        var events = await Wire.PostStream(client, "/v1/completions", request + ""","stream":true}""");

        Assert.Equal(whole, string.Concat(events[..^1].Select(e => Wire.Parse(e).GetProperty("choices")[0].Str("text"))));
    }

    [Fact]
    public async Task ConcurrentRequestsAreEachAnsweredAsIfAlone()
    {
        await using var app = RealEngine.App(RealEngine.Stories260k);
        var client = app.CreateClient();
        string[] prompts = ["Once upon a time, there was", "The cat", "Lily and Ben", "One day"];
        string Body(string prompt) => $$"""{"model":"hf","prompt":"{{prompt}}","temperature":0,"max_tokens":10}""";
        async Task<string?> TextOf(string prompt) => (await Wire.PostOk(client, "/v1/completions", Body(prompt))).GetProperty("choices")[0].Str("text");

        var alone = new List<string?>();
        foreach (var prompt in prompts) alone.Add(await TextOf(prompt));
        var together = await Task.WhenAll(prompts.Concat(prompts).Select(TextOf));

        Assert.Equal(alone.Concat(alone), together);
    }

    [Fact]
    public async Task ChatOnAModelWithoutATemplateIsAClear400()
    {
        await using var app = RealEngine.App(RealEngine.Stories260k);

        var response = await app.CreateClient().PostAsync("/v1/chat/completions", Wire.Json(Wire.Chat(model: "hf")));

        var error = await Envelope.AssertError(response, 400);
        Assert.Equal("chat_template_missing", error.Str("code"));
        Assert.Contains("/v1/completions", error.Str("message"));
    }
}

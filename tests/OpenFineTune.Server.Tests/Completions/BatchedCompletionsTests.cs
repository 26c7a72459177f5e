using System.Text.Json;
using OpenFineTune.Server.Tests.Chat;

namespace OpenFineTune.Server.Tests.Completions;

/// <summary>More concurrent requests than the gate runs at once (the rest queue), decoded in shared passes.</summary>
public class BatchedCompletionsTests
{
    static readonly string[] Prompts = ["Once upon a time, there was", "The cat", "Lily and Ben went to the park to play with a ball", "One day", "Tom had a red", "She"];

    [Fact]
    public async Task TwentyFourConcurrentRequestsAreEachAnsweredAsIfAlone()
    {
        await using var app = RealEngine.App(RealEngine.Stories260k);
        var client = app.CreateClient();
        // Greedy and seeded-sampling requests (two choices each): both must not depend on what shares their passes.
        var bodies = Prompts.SelectMany((p, i) => new[]
        {
            $$"""{"model":"hf","prompt":"{{p}}","temperature":0,"max_tokens":{{8 + 3 * i}}}""",
            $$"""{"model":"hf","prompt":"{{p}}","temperature":0.9,"seed":{{i}},"n":2,"max_tokens":20}""",
        }).ToList();
        async Task<string> Answer(string body) => Describe(await Wire.PostOk(client, "/v1/completions", body));

        var alone = new List<string>();
        foreach (var body in bodies) alone.Add(await Answer(body));
        var together = await Task.WhenAll(bodies.Concat(bodies).Select(b => Task.Run(() => Answer(b))));

        Assert.Equal(alone.Concat(alone), together);
        Assert.Equal(bodies.Count, alone.Distinct().Count()); // the requests really differ
    }

    // Every choice's text and finish reason, and the usage.
    static string Describe(JsonElement body) =>
        string.Join(" | ", body.GetProperty("choices").EnumerateArray().Select(c => $"{c.GetProperty("index")}:{c.Str("text")}:{c.Str("finish_reason")}"))
        + $" | {body.GetProperty("usage").GetProperty("completion_tokens")}";
}

namespace OpenFineTune.Server.Tests.Chat;

/// <summary>The generation gate and client disconnects.</summary>
public class ConcurrencyTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30); // a hang guard, not a timing assertion

    [Fact]
    public async Task BeyondTheRunningAndQueuedLimitsRequestsGet429WithRetryAfter()
    {
        var engine = new FakeTextGenerator { Hold = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var app = engine.App(new() { ["OpenFineTune:MaxConcurrentGenerations"] = "1", ["OpenFineTune:MaxQueuedGenerations"] = "0" });
        var client = app.CreateClient();

        var first = client.PostAsync("/v1/chat/completions", Wire.Json(Wire.Chat()));
        await engine.Started.Task.WaitAsync(Patience);
        var second = await client.PostAsync("/v1/completions", Wire.Json("""{"model":"fake-model","prompt":"hi"}"""));

        var error = await Envelope.AssertError(second, 429);
        Assert.Equal("rate_limit_exceeded", error.Str("code"));
        Assert.Equal("1", second.Headers.GetValues("Retry-After").Single());
        engine.Hold!.SetResult();
        Assert.Equal(200, (int)(await first.WaitAsync(Patience)).StatusCode);
        Assert.Equal(200, (int)(await client.PostAsync("/v1/chat/completions", Wire.Json(Wire.Chat()))).StatusCode);
    }

    [Fact]
    public async Task QueuedRequestsWaitTheirTurnAndAllAreAnswered()
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App(new() { ["OpenFineTune:MaxConcurrentGenerations"] = "1", ["OpenFineTune:MaxQueuedGenerations"] = "10" });
        var client = app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Wire.PostOk(client, "/v1/chat/completions", Wire.Chat())));

        Assert.All(responses, r => Assert.Equal(FakeTextGenerator.Reply, r.GetProperty("choices")[0].GetProperty("message").Str("content")));
    }

    [Fact]
    public async Task AClientThatDisconnectsCancelsItsGeneration()
    {
        var engine = new FakeTextGenerator { Hold = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var app = engine.App();
        using var leave = new CancellationTokenSource();
        // HttpMessageInvoker keeps the token tied to the exchange (HttpClient lets go of it once headers arrive),
        // so cancelling it is the test server's way of a client hanging up.
        using var invoker = new HttpMessageInvoker(app.Server.CreateHandler());
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app.Server.BaseAddress, "/v1/chat/completions")) { Content = Wire.Json(Wire.Chat(""","stream":true""")) };

        using var response = await invoker.SendAsync(request, leave.Token);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: ", await reader.ReadLineAsync()); // the stream is running, held after its first token
        leave.Cancel();

        await engine.Cancelled.Task.WaitAsync(Patience);
        Assert.False(engine.Hold!.Task.IsCompleted);
    }
}

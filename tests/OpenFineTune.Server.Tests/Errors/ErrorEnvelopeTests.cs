using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Tests.Errors;

/// <summary>Every failure is OpenAI's envelope with the right status, and the server keeps working afterwards.</summary>
public class ErrorEnvelopeTests
{
    [Theory]
    [InlineData("GET", "/v1/no-such-resource")]
    [InlineData("GET", "/v1/files/file-x/content/extra")]
    [InlineData("GET", "/not-even-v1")]
    public async Task UnknownRoutesAre404Envelopes(string method, string path)
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();

        var error = await Envelope.AssertError(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), 404);

        Assert.Contains(path, error.Str("message"));
        await Envelope.AssertHealthy(client);
    }

    [Theory]
    [InlineData("PUT", "/v1/files")]
    [InlineData("PATCH", "/v1/files/file-x")]
    [InlineData("POST", "/v1/models")]
    public async Task WrongMethodsAre405Envelopes(string method, string path)
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();

        var error = await Envelope.AssertError(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), 405);

        Assert.Contains(method, error.Str("message"));
        await Envelope.AssertHealthy(client);
    }

    [Fact]
    public async Task AnUnhandledExceptionIs500WithoutInternalsLoggedWithTheRequestId()
    {
        var logs = new LogCapture();
        await using var app = new OpenFineTuneApp(services: s =>
        {
            s.AddSingleton<IMetadataStore>(new BrokenMetadataStore());
            s.AddSingleton<ILoggerProvider>(logs);
        });
        var client = app.CreateClient();

        var response = await client.GetAsync("/v1/files");

        var error = await Envelope.AssertError(response, 500);
        var requestId = response.Headers.GetValues("x-request-id").Single();
        Assert.Equal("server_error", error.Str("type"));
        Assert.DoesNotContain("secret internals", error.Str("message"));
        Assert.Contains(requestId, error.Str("message"));
        Assert.Equal("false", response.Headers.GetValues("x-should-retry").Single());
        Assert.Contains(logs.Entries, e => e.Exception is InvalidOperationException && e.Message.Contains(requestId));
        await Envelope.AssertHealthy(client);
    }

    [Fact]
    public async Task EveryResponseCarriesARequestIdAndProcessingTime()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();

        foreach (var path in new[] { "/health", "/v1/files", "/v1/models", "/v1/nothing" })
        {
            var response = await client.GetAsync(path);
            Assert.StartsWith("req_", response.Headers.GetValues("x-request-id").Single());
            Assert.True(long.TryParse(response.Headers.GetValues("openai-processing-ms").Single(), out _));
        }
    }

    [Fact]
    public async Task FailedRequestsLeaveStoredFilesUnchanged()
    {
        await using var app = new OpenFineTuneApp(new() { ["OpenFineTune:MaxUploadBytes"] = "200" });
        var client = app.CreateClient();
        Assert.Equal(200, (int)(await client.PostAsync("/v1/files", Envelope.Upload(Samples.OneChat))).StatusCode);
        var before = await Envelope.ListedIds(client);

        await client.PostAsync("/v1/files", Envelope.Upload(new byte[201], purpose: "batch"));
        await client.PostAsync("/v1/files", Envelope.Upload(Samples.Utf8("[]\n")));
        await client.PostAsync("/v1/files", new StringContent("{", Encoding.UTF8, "application/json"));
        await client.DeleteAsync("/v1/files/file-unknown");
        await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/v1/files"));

        Assert.Equal(before, await Envelope.ListedIds(client));
        Assert.Single(Directory.GetFiles(Path.Combine(app.DataDir, "files"), "*", SearchOption.AllDirectories));
    }

    /// <summary>A store whose every use fails as a bug would.</summary>
    sealed class BrokenMetadataStore : IMetadataStore
    {
        public IRecordSet<FileRecord> Files => throw new InvalidOperationException("secret internals");

        public IRecordSet<FineTunedModelRecord> FineTunedModels => throw new InvalidOperationException("secret internals");

        public IRecordSet<FineTuningJobRecord> Jobs => throw new InvalidOperationException("secret internals");

        public IRecordSet<JobEventRecord> JobEvents => throw new InvalidOperationException("secret internals");

        public IRecordSet<CheckpointRecord> Checkpoints => throw new InvalidOperationException("secret internals");
    }
}

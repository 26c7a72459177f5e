using System.Net;
using System.Text;
using System.Text.Json;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>
/// Malformed requests against a real process (small <c>--max-upload-bytes</c>): each gets OpenAI's error envelope with
/// its status, and afterwards the server still answers /health and the stored files are exactly as before.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BadInputTests(BadInputTests.Server fixture) : IClassFixture<BadInputTests.Server>
{
    const int MaxUploadBytes = 64 * 1024;
    readonly FilesHttp _files = fixture.Files;

    /// <summary>One server for all bad inputs, with two files stored before any of them arrives.</summary>
    public sealed class Server : IAsyncLifetime
    {
        readonly TempDirectory _dataDir = new();
        internal ServerProcess Process { get; private set; } = null!;
        internal FilesHttp Files { get; private set; } = null!;
        internal IReadOnlyList<StoredFile> StoredBefore { get; private set; } = [];
        internal Dictionary<string, byte[]> ContentBefore { get; } = [];

        public async Task InitializeAsync()
        {
            Process = await ServerProcess.StartAsync(_dataDir.Path, "--max-upload-bytes", MaxUploadBytes.ToString());
            Files = new FilesHttp(Process);
            var random = new Random(4);
            foreach (var size in new[] { 500, 20_000 })
            {
                var content = TrainingData.Jsonl(random, size);
                ContentBefore[(await Files.UploadAsync(content, $"kept-{size}.jsonl")).Id] = content;
            }
            StoredBefore = await Files.ListAsync();
        }

        public Task DisposeAsync()
        {
            Files?.Dispose();
            Process?.Dispose();
            _dataDir.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task MultipartWithoutClosingBoundaryIs400() =>
        await AssertEnvelopeAndUnharmedAsync(await PostRawAsync("files", "multipart/form-data; boundary=oft",
            "--oft\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n--oft\r\n" +
            "Content-Disposition: form-data; name=\"file\"; filename=\"x.jsonl\"\r\n\r\n{\"a\":1}\n"), HttpStatusCode.BadRequest);

    [Fact]
    public async Task MultipartWithoutBoundaryIs400() =>
        await AssertEnvelopeAndUnharmedAsync(await PostRawAsync("files", "multipart/form-data", "--x\r\n\r\nbody"),
            HttpStatusCode.BadRequest);

    [Fact]
    public async Task GarbageJsonInsteadOfMultipartIs415() =>
        await AssertEnvelopeAndUnharmedAsync(await PostRawAsync("files", "application/json", "{\"purpose\": fine-tune,,"),
            HttpStatusCode.UnsupportedMediaType);

    [Fact]
    public async Task GarbageJsonToAJsonEndpointIsRejected() =>
        // /v1/fine_tuning/jobs takes JSON; until it exists the route answers 404, which must be an envelope too.
        await AssertEnvelopeAndUnharmedAsync(await PostRawAsync("fine_tuning/jobs", "application/json", "{\"model\": [}"),
            HttpStatusCode.BadRequest, HttpStatusCode.NotFound);

    [Fact]
    public async Task UploadOverTheLimitIs413() =>
        await AssertEnvelopeAndUnharmedAsync(await _files.PostFileAsync(TrainingData.Jsonl(new Random(5), 4 * MaxUploadBytes), "big.jsonl"),
            HttpStatusCode.RequestEntityTooLarge);

    [Fact]
    public async Task ChunkedUploadOverTheLimitIs413()
    {
        // No Content-Length (as the npm SDK may stream): the limit must hold while the body arrives.
        var stream = new NonSeekableStream(TrainingData.Jsonl(new Random(6), 4 * MaxUploadBytes));
        var form = new MultipartFormDataContent { { new StringContent("fine-tune"), "purpose" }, { new StreamContent(stream), "file", "big.jsonl" } };
        await AssertEnvelopeAndUnharmedAsync(await _files.Http.PostAsync("files", form), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task WrongMethodIs405() =>
        await AssertEnvelopeAndUnharmedAsync(await _files.Http.PutAsync("files", new StringContent("x")), HttpStatusCode.MethodNotAllowed);

    async Task<HttpResponseMessage> PostRawAsync(string path, string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return await _files.Http.PostAsync(path, content);
    }

    async Task AssertEnvelopeAndUnharmedAsync(HttpResponseMessage response, params HttpStatusCode[] allowed)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(allowed.Contains(response.StatusCode), $"status {(int)response.StatusCode}, expected {string.Join(" or ", allowed.Cast<int>())}: {body}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
            Assert.Equal(["code", "message", "param", "type"], error.EnumerateObject().Select(p => p.Name).Order());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
            Assert.DoesNotContain("   at ", body); // no stack trace reaches a client
        }
        using var health = await _files.Http.GetAsync(new Uri(fixture.Process.BaseUrl, "health"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(fixture.StoredBefore, await _files.ListAsync());
        foreach (var (id, content) in fixture.ContentBefore) Assert.Equal(content, await _files.ContentAsync(id));
    }

    /// <summary>A body whose length HttpClient cannot know, so it is sent chunked.</summary>
    sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

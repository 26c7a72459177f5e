using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OpenFineTune.Server.Tests.Files;

/// <summary>The multipart shapes the SDKs send, and the malformed ones they must not be confused by.</summary>
public class UploadWireTests
{
    [Fact]
    public async Task PurposeMayComeAfterTheFilePart()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();

        var response = await client.PostAsync("/v1/files", Envelope.Upload(Samples.OneChat, purposeFirst: false));

        Assert.Equal(200, (int)response.StatusCode);
        var file = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("fine-tune", file.Str("purpose"));
    }

    [Fact]
    public async Task ChunkedBodyWithoutContentLengthIsAcceptedLikeNodeSendsIt()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();
        var form = Envelope.Upload(Samples.OneChat);
        var streamed = new StreamContent(await form.ReadAsStreamAsync());
        streamed.Headers.ContentType = form.Headers.ContentType;
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/files") { Content = streamed };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        var file = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Samples.OneChat.Length, file.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task ExtraPartsLikeExpiresAfterAreIgnored()
    {
        await using var app = new OpenFineTuneApp();
        var form = Envelope.Upload(Samples.OneChat);
        form.Add(new StringContent("created_at"), "expires_after[anchor]");
        form.Add(new StringContent("3600"), "expires_after[seconds]");

        var response = await app.CreateClient().PostAsync("/v1/files", form);

        Assert.Equal(200, (int)response.StatusCode);
        var file = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(JsonValueKind.Null, file.GetProperty("expires_at").ValueKind);
    }

    [Fact]
    public async Task ConcurrentUploadsAreAllStoredIntact()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();
        var bodies = Enumerable.Range(0, 16).Select(i => Samples.Utf8($"{{\"n\":{i}}}\n")).ToList();

        var responses = await Task.WhenAll(bodies.Select(b => client.PostAsync("/v1/files", Envelope.Upload(b))));

        var ids = new List<string>();
        foreach (var r in responses) ids.Add(JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Str("id")!);
        Assert.Equal(16, (await Envelope.ListedIds(client)).Split(',').Distinct().Count());
        for (int i = 0; i < ids.Count; i++)
            Assert.Equal(bodies[i], await client.GetByteArrayAsync($"/v1/files/{ids[i]}/content"));
    }

    [Fact]
    public async Task ANamelessBlobIsStoredAsUnknownFile()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();
        var form = new MultipartFormDataContent { { new StringContent("batch"), "purpose" }, { new ByteArrayContent(Samples.OneChat), "file" } };

        var response = await client.PostAsync("/v1/files", form);

        var file = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("unknown_file", file.Str("filename"));
    }

    [Theory]
    [InlineData(null, "purpose", "Missing required parameter: 'purpose'")]
    [InlineData("fine_tune", "purpose", "'fine_tune' is not a valid purpose")]
    public async Task MissingOrUnknownPurposeIs400NamingPurpose(string? purpose, string param, string message)
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();

        var error = await Envelope.AssertError(await client.PostAsync("/v1/files", Envelope.Upload(Samples.OneChat, purpose: purpose)), 400);

        Assert.Equal(param, error.Str("param"));
        Assert.Contains(message, error.Str("message"));
        Assert.Equal("", await Envelope.ListedIds(client));
    }

    [Fact]
    public async Task MissingFilePartIs400NamingFile()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();
        var form = new MultipartFormDataContent { { new StringContent("fine-tune"), "purpose" } };

        var error = await Envelope.AssertError(await client.PostAsync("/v1/files", form), 400);

        Assert.Equal("file", error.Str("param"));
    }

    [Fact]
    public async Task JsonBodyOnTheUploadRouteIs415()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();

        var response = await client.PostAsync("/v1/files", new StringContent("""{"purpose":"fine-tune"}""", Encoding.UTF8, "application/json"));

        var error = await Envelope.AssertError(response, 415);
        Assert.Contains("multipart/form-data", error.Str("message"));
    }

    [Fact]
    public async Task MultipartWithoutBoundaryIs400()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();
        var content = new ByteArrayContent(Samples.OneChat);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");

        var error = await Envelope.AssertError(await client.PostAsync("/v1/files", content), 400);

        Assert.Contains("boundary", error.Str("message"));
    }

    [Fact]
    public async Task TruncatedMultipartBodyIs400AndLeavesNothingBehind()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();
        var whole = await Envelope.Upload(Samples.OneChat).ReadAsByteArrayAsync();
        var form = Envelope.Upload(Samples.OneChat);
        var truncated = new ByteArrayContent(whole[..(whole.Length - 30)]);
        truncated.Headers.ContentType = form.Headers.ContentType;
        // Same boundary as the one whose bytes we cut: rebuild the header from the first line of the body.
        var boundary = Encoding.ASCII.GetString(whole).Split("\r\n")[0][2..];
        truncated.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary=\"{boundary}\"");

        await Envelope.AssertError(await client.PostAsync("/v1/files", truncated), 400);

        await Envelope.AssertHealthy(client);
        Assert.Equal("", await Envelope.ListedIds(client));
        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataDir, "files"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ContentIsServedAsBytesWhatEverTheAcceptHeader()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();
        var id = JsonDocument.Parse(await (await client.PostAsync("/v1/files", Envelope.Upload(Samples.OneChat))).Content.ReadAsStringAsync()).RootElement.Str("id");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/files/{id}/content");
        request.Headers.Accept.ParseAdd("application/binary");

        var response = await client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(Samples.OneChat, await response.Content.ReadAsByteArrayAsync());
    }
}

using System.Text.Json;
using OpenAI.Files;

namespace OpenFineTune.Server.Tests.Files;

/// <summary>GET /v1/files: newest first, cursor paging with after = last id, purpose filter, and bad query values.</summary>
public class FileListTests
{
    /// <summary>Uploads a (fine-tune), b (batch), c (fine-tune) in that order.</summary>
    static async Task<(string A, string B, string C)> UploadThree(HttpClient client)
    {
        async Task<string> Upload(string purpose) => JsonDocument.Parse(await (await client.PostAsync(
            "/v1/files", Envelope.Upload(Samples.OneChat, purpose: purpose))).Content.ReadAsStringAsync()).RootElement.Str("id")!;
        return (await Upload("fine-tune"), await Upload("batch"), await Upload("fine-tune"));
    }

    [Fact]
    public async Task FilesAreListedNewestFirstOrOldestFirstOnRequest()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();
        var (a, b, c) = await UploadThree(client);

        Assert.Equal($"{c},{b},{a}", await Envelope.ListedIds(client));
        Assert.Equal($"{a},{b},{c}", await Envelope.ListedIds(client, "?order=asc"));
        Assert.Equal($"{c},{a}", await Envelope.ListedIds(client, "?purpose=fine-tune"));
    }

    [Fact]
    public async Task PagesChainThroughTheLastIdWithHasMoreAndCursors()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();
        var (a, b, c) = await UploadThree(client);

        var first = JsonDocument.Parse(await client.GetStringAsync("/v1/files?limit=2")).RootElement;
        Assert.Equal("list", first.Str("object"));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(c, first.Str("first_id"));
        Assert.Equal(b, first.Str("last_id"));

        var second = JsonDocument.Parse(await client.GetStringAsync($"/v1/files?limit=2&after={b}")).RootElement;
        Assert.False(second.GetProperty("has_more").GetBoolean());
        Assert.Equal(a, second.Str("first_id"));
        Assert.Equal(a, second.Str("last_id"));
    }

    [Fact]
    public async Task TheSdkListsByPurpose()
    {
        await using var app = new OpenFineTuneApp();
        var (a, _, c) = await UploadThree(app.CreateClient());

        OpenAIFileCollection fineTune = await app.Sdk().GetOpenAIFileClient().GetFilesAsync(FilePurpose.FineTune);

        Assert.Equal([c, a], fineTune.Select(f => f.Id));
    }

    [Fact]
    public async Task AnEmptyListStillSaysHasMoreFalse()
    {
        await using var app = new OpenFineTuneApp();

        var list = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/v1/files")).RootElement;

        Assert.False(list.GetProperty("has_more").GetBoolean());
        Assert.Equal(JsonValueKind.Null, list.GetProperty("first_id").ValueKind);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=10001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("order=newest", "order")]
    [InlineData("purpose=training", "purpose")]
    [InlineData("after=file-nothere", "after")]
    public async Task BadQueryValuesAre400NamingTheParameter(string query, string param)
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();
        await UploadThree(client);

        var error = await Envelope.AssertError(await client.GetAsync("/v1/files?" + query), 400);

        Assert.Equal(param, error.Str("param"));
        Assert.Contains(query.Split('=')[1], error.Str("message"));
        Assert.Equal(3, (await Envelope.ListedIds(client)).Split(',').Length);
    }
}

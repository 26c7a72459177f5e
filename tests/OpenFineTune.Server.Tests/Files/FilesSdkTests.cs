using System.ClientModel;
using OpenAI.Files;

namespace OpenFineTune.Server.Tests.Files;

/// <summary>The Files API as a user's code sees it through the official .NET SDK.</summary>
public class FilesSdkTests
{
    static readonly byte[] TwoExamples = Samples.Utf8(
        """{"messages":[{"role":"user","content":"hola"},{"role":"assistant","content":"¡Hola!"}]}""" + "\n" +
        """{"messages":[{"role":"user","content":"adiós"},{"role":"assistant","content":"Hasta luego"}]}""" + "\n");

    [Fact]
    public async Task UploadedFineTuneFileCanBeListedRetrievedDownloadedAndDeleted()
    {
        await using var app = new OpenFineTuneApp();
        var files = app.Sdk().GetOpenAIFileClient();

        OpenAIFile uploaded = await files.UploadFileAsync(new MemoryStream(TwoExamples), "train.jsonl", FileUploadPurpose.FineTune);
        Assert.StartsWith("file-", uploaded.Id);
        Assert.Equal(TwoExamples.Length, uploaded.SizeInBytesLong);
        Assert.Equal("train.jsonl", uploaded.Filename);
        Assert.Equal(FilePurpose.FineTune, uploaded.Purpose);
#pragma warning disable CS0618 // status is deprecated, yet scripts still read it
        Assert.Equal(FileStatus.Processed, uploaded.Status);
#pragma warning restore CS0618
        Assert.InRange(uploaded.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        OpenAIFileCollection listed = await files.GetFilesAsync();
        Assert.Equal([uploaded.Id], listed.Select(f => f.Id));

        OpenAIFile retrieved = await files.GetFileAsync(uploaded.Id);
        Assert.Equal(uploaded.Filename, retrieved.Filename);

        BinaryData content = await files.DownloadFileAsync(uploaded.Id);
        Assert.Equal(TwoExamples, content.ToArray());

        FileDeletionResult deleted = await files.DeleteFileAsync(uploaded.Id);
        Assert.True(deleted.Deleted);
        Assert.Equal(uploaded.Id, deleted.FileId);
        Assert.Empty(await files.GetFilesAsync().ContinueWith(t => t.Result.Value));
    }

    [Fact]
    public async Task RetrievingAnUnknownFileIs404NamingTheId()
    {
        await using var app = new OpenFineTuneApp();
        var files = app.Sdk().GetOpenAIFileClient();

        var error = await Assert.ThrowsAsync<ClientResultException>(() => files.GetFileAsync("file-doesnotexist"));

        Assert.Equal(404, error.Status);
        Assert.Contains("No such File object: file-doesnotexist", error.Message);
    }

    [Fact]
    public async Task UploadWithBadJsonLinesNamesTheLinesAndStoresNothing()
    {
        await using var app = new OpenFineTuneApp();
        var files = app.Sdk().GetOpenAIFileClient();
        var bad = Samples.Utf8("{\"messages\":[]}\n\n{not json\n[1,2]\n{\"ok\":true}\n");

        var error = await Assert.ThrowsAsync<ClientResultException>(
            () => files.UploadFileAsync(new MemoryStream(bad), "bad.jsonl", FileUploadPurpose.FineTune));

        Assert.Equal(400, error.Status);
        Assert.Contains("line 3: invalid JSON", error.Message);
        Assert.Contains("line 4: expected a JSON object, got a JSON array", error.Message);
        Assert.DoesNotContain("line 1", error.Message);
        Assert.Empty((await files.GetFilesAsync()).Value);
        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataDir, "files"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AtMostTwentyBadLinesAreReported()
    {
        await using var app = new OpenFineTuneApp();
        var files = app.Sdk().GetOpenAIFileClient();
        var bad = Samples.Utf8(string.Concat(Enumerable.Repeat("nope\n", 30)));

        var error = await Assert.ThrowsAsync<ClientResultException>(
            () => files.UploadFileAsync(new MemoryStream(bad), "bad.jsonl", FileUploadPurpose.FineTune));

        Assert.Contains("line 20:", error.Message);
        Assert.DoesNotContain("line 21:", error.Message);
    }

    [Fact]
    public async Task NonFineTunePurposesAreNotCheckedAsJsonl()
    {
        await using var app = new OpenFineTuneApp();
        var files = app.Sdk().GetOpenAIFileClient();
        var notJson = Samples.Utf8("plain text, not JSON\n");

        OpenAIFile uploaded = await files.UploadFileAsync(new MemoryStream(notJson), "notes.txt", FileUploadPurpose.Batch);

        Assert.Equal(FilePurpose.Batch, uploaded.Purpose);
        Assert.Equal(notJson, (await files.DownloadFileAsync(uploaded.Id)).Value.ToArray());
    }

    [Fact]
    public async Task PathTraversalInTheFilenameIsOnlyMetadata()
    {
        await using var app = new OpenFineTuneApp();
        var files = app.Sdk().GetOpenAIFileClient();

        OpenAIFile uploaded = await files.UploadFileAsync(new MemoryStream(TwoExamples), "../../escape.jsonl", FileUploadPurpose.FineTune);

        Assert.Equal("escape.jsonl", uploaded.Filename);
        Assert.False(File.Exists(Path.Combine(app.DataDir, "..", "..", "escape.jsonl")));
        Assert.Equal([uploaded.Id], Directory.GetFiles(Path.Combine(app.DataDir, "files")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task UploadOverTheConfiguredLimitIs413AndStoresNothing()
    {
        await using var app = new OpenFineTuneApp(new() { ["OpenFineTune:MaxUploadBytes"] = "1000" });
        var files = app.Sdk().GetOpenAIFileClient();

        var error = await Assert.ThrowsAsync<ClientResultException>(
            () => files.UploadFileAsync(new MemoryStream(new byte[1001]), "big.bin", FileUploadPurpose.Batch));

        Assert.Equal(413, error.Status);
        Assert.Contains("upload limit of 1000 bytes", error.Message);
        Assert.Empty((await files.GetFilesAsync()).Value);
        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataDir, "files"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task UploadExactlyAtTheLimitIsAccepted()
    {
        await using var app = new OpenFineTuneApp(new() { ["OpenFineTune:MaxUploadBytes"] = "1000" });
        var files = app.Sdk().GetOpenAIFileClient();

        OpenAIFile uploaded = await files.UploadFileAsync(new MemoryStream(new byte[1000]), "edge.bin", FileUploadPurpose.Batch);

        Assert.Equal(1000, uploaded.SizeInBytesLong);
    }

    [Fact]
    public async Task UserDataFilesCannotBeDownloadedLikeOnOpenAI()
    {
        await using var app = new OpenFineTuneApp();
        var files = app.Sdk().GetOpenAIFileClient();
        OpenAIFile uploaded = await files.UploadFileAsync(new MemoryStream(TwoExamples), "private.txt", FileUploadPurpose.UserData);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => files.DownloadFileAsync(uploaded.Id));

        Assert.Equal(400, error.Status);
        Assert.Contains("Not allowed to download files of purpose: user_data", error.Message);
    }
}

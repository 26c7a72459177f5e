using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Xunit.Abstractions;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>Uploads are streamed to disk: a 50 MiB upload keeps the server's peak RSS well under the 1.5 GB the issue allows.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class LargeUploadMemoryTests(ITestOutputHelper log)
{
    const long FileBytes = 50L * 1024 * 1024;
    // Issue 3: "a 50 MB upload must keep the server's peak RSS well under 1.5 GB"; well under = 1 GiB here.
    const long PeakRssLimit = 1L << 30;

    [Fact]
    public async Task FiftyMebibyteUploadIsStoredExactlyWithPeakRssWellUnderLimit()
    {
        using var dataDir = new TempDirectory();
        using var work = new TempDirectory("oft-e2e-upload-");
        var path = Path.Combine(work.Path, "training_data.jsonl");
        WriteJsonl(path, FileBytes);
        using var server = await ServerProcess.StartAsync(dataDir.Path);
        using var files = new FilesHttp(server);

        var id = await UploadFileAsync(files, path);
        var peak = server.PeakRssBytes();
        log.WriteLine($"peak RSS after a {new FileInfo(path).Length} byte upload: {peak / (1024 * 1024)} MiB");

        Assert.True(peak < PeakRssLimit, $"server peak RSS {peak / (1024 * 1024)} MiB");
        using var download = await files.Http.GetAsync($"files/{id}/content", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(await HashAsync(File.OpenRead(path)), await HashAsync(await download.Content.ReadAsStreamAsync()));
    }

    static async Task<string> UploadFileAsync(FilesHttp files, string path)
    {
        await using var stream = File.OpenRead(path);
        var file = new StreamContent(stream);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { new StringContent("fine-tune"), "purpose" }, { file, "file", "training_data.jsonl" } };
        using var response = await files.Http.PostAsync("files", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"upload answered {(int)response.StatusCode}: {body}");
        var stored = JsonDocument.Parse(body).RootElement;
        Assert.Equal(stream.Length, stored.GetProperty("bytes").GetInt64());
        return stored.GetProperty("id").GetString()!;
    }

    static void WriteJsonl(string path, long bytes)
    {
        using var output = File.Create(path);
        var random = new Random(50);
        while (output.Length < bytes) output.Write(TrainingData.Jsonl(random, 1 << 20));
    }

    static async Task<string> HashAsync(Stream stream)
    {
        await using (stream) return Convert.ToHexString(await SHA256.HashDataAsync(stream));
    }
}

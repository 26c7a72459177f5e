using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>The Files API over plain HTTP, so process-level tests see exactly what was acknowledged on the wire.</summary>
sealed class FilesHttp : IDisposable
{
    readonly HttpClient _http;

    public FilesHttp(ServerProcess server, string? apiKey = null, TimeSpan? timeout = null)
    {
        _http = new HttpClient { BaseAddress = new Uri(server.ApiBaseUrl + "/"), Timeout = timeout ?? TimeSpan.FromMinutes(5) };
        if (apiKey is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public HttpClient Http => _http;

    /// <summary>POST /v1/files; the raw response, whatever its status.</summary>
    public Task<HttpResponseMessage> PostFileAsync(byte[] content, string filename, string purpose = "fine-tune",
        CancellationToken cancel = default)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(purpose), "purpose" },
            { new ByteArrayContent(content), "file", filename },
        };
        return _http.PostAsync("files", form, cancel);
    }

    /// <summary>Uploads and returns the file id, failing with the server's answer on anything but 200.</summary>
    public async Task<StoredFile> UploadAsync(byte[] content, string filename, string purpose = "fine-tune")
    {
        using var response = await PostFileAsync(content, filename, purpose);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new HttpRequestException($"upload {filename}: {(int)response.StatusCode} {body}");
        return StoredFile.Parse(JsonDocument.Parse(body).RootElement);
    }

    /// <summary>Every file the server lists (one page: the default limit is 10 000).</summary>
    public async Task<IReadOnlyList<StoredFile>> ListAsync()
    {
        using var doc = JsonDocument.Parse(await GetOkStringAsync("files?limit=10000"));
        Assert.False(doc.RootElement.GetProperty("has_more").GetBoolean(), "test data fits one page");
        return [.. doc.RootElement.GetProperty("data").EnumerateArray().Select(StoredFile.Parse)];
    }

    public async Task<byte[]> ContentAsync(string id)
    {
        using var response = await _http.GetAsync($"files/{id}/content");
        if (response.StatusCode != HttpStatusCode.OK) throw new HttpRequestException($"content {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    async Task<string> GetOkStringAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The file object fields these tests compare across restarts.</summary>
sealed record StoredFile(string Id, long Bytes, long CreatedAt, string Filename, string Purpose)
{
    public static StoredFile Parse(JsonElement file) => new(
        file.GetProperty("id").GetString()!,
        file.GetProperty("bytes").GetInt64(),
        file.GetProperty("created_at").GetInt64(),
        file.GetProperty("filename").GetString()!,
        file.GetProperty("purpose").GetString()!);
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace OpenFineTune.Engine.Models.Hub;

/// <summary>A repository revision as the hub's API describes it: its commit sha and the files in it.</summary>
public sealed record HubRevision(string Commit, IReadOnlyList<string> Files);

/// <summary>What a <c>resolve</c> HEAD says about a file: its blob name (the etag, sha256 for LFS files) and size.</summary>
public sealed record HubFileMetadata(string ETag, long? Size);

/// <summary>
/// The hub's HTTP protocol, as huggingface_hub speaks it: <c>GET /api/models/{repo}/revision/{rev}</c> for the
/// commit and file list, <c>HEAD /{repo}/resolve/{commit}/{file}</c> for the etag (X-Linked-Etag on LFS redirects),
/// then <c>GET</c> of the same URL, following redirects. HF_TOKEN goes only to the endpoint's own host.
/// </summary>
public sealed class HubClient : IDisposable
{
    const int MaxRedirects = 10;
    readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(2) };
    readonly HubSettings _settings;

    public HubClient(HubSettings settings)
    {
        _settings = settings;
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("openfinetune/1.0 huggingface_hub-compatible");
    }

    public HubRevision Revision(HubRepoRef repo)
    {
        var url = $"{_settings.Endpoint}/api/models/{repo.RepoId}/revision/{Uri.EscapeDataString(repo.Revision)}";
        using var response = Send(HttpMethod.Get, url, repo.ToString(), followAbsoluteRedirects: true);
        using var json = JsonDocument.Parse(response.Content.ReadAsStream());
        var commit = json.RootElement.TryGetProperty("sha", out var sha) ? sha.GetString() : null;
        if (string.IsNullOrEmpty(commit)) throw new ModelLoadException(repo.ToString(), $"the hub's answer for {url} has no commit sha");
        var files = json.RootElement.TryGetProperty("siblings", out var siblings)
            ? siblings.EnumerateArray().Select(s => s.GetProperty("rfilename").GetString()).OfType<string>().ToList() : [];
        return new HubRevision(commit, files);
    }

    public HubFileMetadata Metadata(HubRepoRef repo, string commit, string file)
    {
        // Stop at a redirect to another host (LFS → CDN): the hub's own 302 carries X-Linked-Etag and X-Linked-Size.
        using var response = Send(HttpMethod.Head, ResolveUrl(repo, commit, file), $"{repo.RepoId}/{file}", followAbsoluteRedirects: false);
        var etag = Header(response, "X-Linked-Etag") ?? response.Headers.ETag?.Tag ?? Header(response, "ETag")
            ?? throw new ModelLoadException($"{repo.RepoId}/{file}", "the hub sent no ETag for this file; cannot place it in the cache");
        var size = long.TryParse(Header(response, "X-Linked-Size"), out var linked) ? linked : response.Content.Headers.ContentLength;
        var blobName = NormalizeETag(etag);
        // The etag names a file in blobs/: anything but a plain name (the hub sends hex digests) is refused.
        if (blobName.Length == 0 || blobName.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_'))
            throw new ModelLoadException($"{repo.RepoId}/{file}", $"the hub sent an ETag that cannot name a cache file: {etag}");
        return new HubFileMetadata(blobName, size);
    }

    /// <summary>Streams the file into <paramref name="destination"/>, reporting bytes written so far.</summary>
    public void Download(HubRepoRef repo, string commit, string file, Stream destination, Action<long> progress)
    {
        using var response = Send(HttpMethod.Get, ResolveUrl(repo, commit, file), $"{repo.RepoId}/{file}", followAbsoluteRedirects: true);
        using var body = response.Content.ReadAsStream();
        var buffer = new byte[1 << 20];
        long written = 0;
        try
        {
            for (int read; (read = body.Read(buffer)) > 0;)
            {
                destination.Write(buffer, 0, read);
                progress(written += read);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new ModelLoadException($"{repo.RepoId}/{file}", $"download interrupted after {written} bytes ({e.Message}); start again to retry", e);
        }
    }

    string ResolveUrl(HubRepoRef repo, string commit, string file) =>
        $"{_settings.Endpoint}/{repo.RepoId}/resolve/{commit}/{string.Join('/', file.Split('/').Select(Uri.EscapeDataString))}";

    HttpResponseMessage Send(HttpMethod method, string url, string what, bool followAbsoluteRedirects)
    {
        var uri = new Uri(url);
        for (var hop = 0; ; hop++)
        {
            var response = SendOnce(method, uri, what);
            var location = response.Headers.Location;
            if ((int)response.StatusCode is < 300 or >= 400 || location is null || hop == MaxRedirects)
                return HubErrors.EnsureSuccess(response, what, _settings);
            if (location.IsAbsoluteUri && !followAbsoluteRedirects) return response;
            response.Dispose();
            uri = new Uri(uri, location);
        }
    }

    HttpResponseMessage SendOnce(HttpMethod method, Uri uri, string what)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity")); // sizes and etags of the stored bytes
        if (_settings.Token is { } token && uri.Host == new Uri(_settings.Endpoint).Host)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            return _http.Send(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new ModelLoadException(what, $"cannot reach the Hugging Face hub at {_settings.Endpoint} ({e.Message}); "
                + "download the model elsewhere into the cache, or set HF_ENDPOINT to a reachable mirror", e);
        }
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    // huggingface_hub's _normalize_etag: drop a weak marker and the quotes.
    static string NormalizeETag(string etag) => etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..].Trim('"') : etag.Trim('"');

    public void Dispose() => _http.Dispose();
}

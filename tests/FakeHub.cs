using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;

namespace OpenFineTune.Tests;

/// <summary>
/// Shared by both test projects (linked into each). A Hugging Face hub on 127.0.0.1 serving one repository from a
/// local model folder, as huggingface.co answers: the revision API, <c>resolve</c> URLs with ETag / X-Repo-Commit,
/// and safetensors as LFS files (302 to a CDN on another host name, X-Linked-Etag = sha256). With <c>requiredToken</c> every hub request
/// without that Bearer token gets 401. The repository also lists files serving never needs (.bin, onnx/).
/// </summary>
sealed class FakeHub : IDisposable
{
    public const string Commit = "4c2f1a8e9b7d6c5a4f3e2d1c0b9a8f7e6d5c4b3a";
    public static readonly string[] UnneededFiles = ["pytorch_model.bin", "onnx/model.onnx", "README.md"];
    readonly HttpListener _listener = new();
    readonly string _repoId, _folder;
    readonly string? _requiredToken;

    public FakeHub(string repoId, string folder, string? requiredToken = null)
    {
        (_repoId, _folder, _requiredToken) = (repoId, folder, requiredToken);
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Prefixes.Add($"http://localhost:{port}/"); // the "CDN" that LFS files redirect to: another host
        CdnEndpoint = $"http://localhost:{port}";
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    public string CdnEndpoint { get; }

    /// <summary>When set, the CDN sends only this many bytes of each file (a connection that ends early).</summary>
    public int? CutDownloadsAfter { get; set; }

    /// <summary>Every request: method, path and Authorization header.</summary>
    public ConcurrentQueue<(string Method, string Path, string? Authorization)> Requests { get; } = new();

    async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            try { Answer(context.Request, context.Response); }
            catch (Exception e) { context.Response.StatusCode = 500; Console.Error.WriteLine(e); }
            finally { context.Response.Close(); }
        }
    }

    void Answer(HttpListenerRequest request, HttpListenerResponse response)
    {
        var path = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        Requests.Enqueue((request.HttpMethod, path, request.Headers["Authorization"]));
        var cdn = path.StartsWith("/cdn/", StringComparison.Ordinal); // a real CDN URL is signed; it needs no token
        if (_requiredToken is not null && !cdn && request.Headers["Authorization"] != $"Bearer {_requiredToken}")
        {
            response.StatusCode = 401;
            return;
        }
        if (path == $"/api/models/{_repoId}/revision/main") Json(response, RevisionInfo());
        else if (path.StartsWith($"/{_repoId}/resolve/{Commit}/", StringComparison.Ordinal)) Resolve(request, response, path[$"/{_repoId}/resolve/{Commit}/".Length..]);
        else if (cdn && CutDownloadsAfter is { } cut) { response.SendChunked = true; response.OutputStream.Write(File.ReadAllBytes(Path.Combine(_folder, path["/cdn/".Length..]))[..cut]); }
        else if (cdn) Body(request, response, File.ReadAllBytes(Path.Combine(_folder, path["/cdn/".Length..])));
        else response.StatusCode = 404;
    }

    object RevisionInfo() => new
    {
        id = _repoId,
        sha = Commit,
        siblings = Directory.GetFiles(_folder).Select(Path.GetFileName).Concat(UnneededFiles).Select(f => new { rfilename = f }),
    };

    void Resolve(HttpListenerRequest request, HttpListenerResponse response, string file)
    {
        var local = Path.Combine(_folder, file);
        if (!File.Exists(local)) { response.StatusCode = 404; response.Headers["X-Error-Code"] = "EntryNotFound"; return; }
        var bytes = File.ReadAllBytes(local);
        response.Headers["X-Repo-Commit"] = Commit;
        if (file.EndsWith(".safetensors", StringComparison.Ordinal))
        {
            response.StatusCode = 302;
            response.Headers["X-Linked-Etag"] = $"\"{Sha256(bytes)}\"";
            response.Headers["X-Linked-Size"] = bytes.Length.ToString();
            response.Headers["Location"] = $"{CdnEndpoint}/cdn/{file}";
            return;
        }
        response.Headers["ETag"] = $"\"{Convert.ToHexStringLower(SHA1.HashData(bytes))}\"";
        Body(request, response, bytes);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    static void Body(HttpListenerRequest request, HttpListenerResponse response, byte[] bytes)
    {
        response.ContentLength64 = bytes.Length;
        if (request.HttpMethod != "HEAD") response.OutputStream.Write(bytes);
    }

    static void Json(HttpListenerResponse response, object value)
    {
        response.ContentType = "application/json";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value);
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
    }

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose() => _listener.Close();
}

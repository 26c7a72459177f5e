using System.Collections.Concurrent;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.Hub;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Engine.Tests.Models;

/// <summary>`--model org/name` not in the cache is downloaded from HF_ENDPOINT (a fake hub on 127.0.0.1) into huggingface_hub's layout.</summary>
public sealed class HubDownloadTests
{
    const string Repo = "karpathy/stories260k";
    static string Stories => Path.Combine(TestPaths.Fixtures, "reference-models", "stories260k", "hf");

    [Fact]
    public void DownloadLaysOutTheCacheAsHuggingFaceHubDoes()
    {
        using var hub = new FakeHub(Repo, Stories);
        using var cache = new TempDirectory();
        var log = new ConcurrentQueue<string>();
        var source = ModelSource.Parse(Repo, new HubSettings(cache.Path, hub.Endpoint, "hf_secret"), log.Enqueue);

        var repo = Path.Combine(cache.Path, "models--karpathy--stories260k");
        var snapshot = Path.Combine(repo, "snapshots", FakeHub.Commit);
        Assert.Equal(new ModelSource(Repo, snapshot), source);
        Assert.Equal(FakeHub.Commit, File.ReadAllText(Path.Combine(repo, "refs", "main")));
        foreach (var local in Directory.GetFiles(Stories))
        {
            var name = Path.GetFileName(local);
            var link = new FileInfo(Path.Combine(snapshot, name));
            Assert.StartsWith("../../blobs/", link.LinkTarget);
            Assert.Equal(File.ReadAllBytes(local), File.ReadAllBytes(link.FullName));
        }
        var weights = File.ReadAllBytes(Path.Combine(Stories, "model.safetensors"));
        Assert.Equal("../../blobs/" + FakeHub.Sha256(weights), new FileInfo(Path.Combine(snapshot, "model.safetensors")).LinkTarget);
        Assert.Equal(Directory.GetFiles(Stories).Length, Directory.GetFiles(Path.Combine(repo, "blobs")).Length); // no .incomplete left
        Assert.Contains($"{Repo}/model.safetensors: {weights.Length} / {weights.Length} bytes (done)", log);

        // The token goes to the hub, never to the CDN host that LFS files redirect to.
        Assert.All(hub.Requests.Where(r => !r.Path.StartsWith("/cdn/")), r => Assert.Equal("Bearer hf_secret", r.Authorization));
        Assert.Contains(hub.Requests, r => r.Path == "/cdn/model.safetensors" && r.Authorization is null);
        Assert.DoesNotContain(hub.Requests, r => FakeHub.UnneededFiles.Any(f => r.Path.EndsWith(f, StringComparison.Ordinal)));
    }

    [Fact]
    public void ASecondResolveUsesTheCacheWithoutARequest()
    {
        using var hub = new FakeHub(Repo, Stories);
        using var cache = new TempDirectory();
        var settings = new HubSettings(cache.Path, hub.Endpoint);
        var first = ModelSource.Parse(Repo, settings);
        var requests = hub.Requests.Count;
        Assert.Equal(first, ModelSource.Parse(Repo, settings));
        Assert.Equal(requests, hub.Requests.Count);
        Assert.All(hub.Requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public void AnInterruptedDownloadLeavesNoPartialFileAndTheNextResolveCompletesIt()
    {
        using var hub = new FakeHub(Repo, Stories) { CutDownloadsAfter = 1000 };
        using var cache = new TempDirectory();
        var settings = new HubSettings(cache.Path, hub.Endpoint);
        var e = Assert.Throws<ModelLoadException>(() => ModelSource.Parse(Repo, settings));
        Assert.Equal($"{Repo}/model.safetensors", e.File);
        Assert.Contains("1000 of 1044984 bytes", e.Problem);
        var repo = Path.Combine(cache.Path, "models--karpathy--stories260k");
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(repo, "blobs")), f => f.EndsWith(".incomplete") || new FileInfo(f).Length == 1000);
        Assert.False(Directory.Exists(Path.Combine(repo, "snapshots")), "no snapshot until every file is in");
        Assert.False(File.Exists(Path.Combine(repo, "refs", "main")));

        hub.CutDownloadsAfter = null;
        var source = ModelSource.Parse(Repo, settings);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Stories, "model.safetensors")), File.ReadAllBytes(Path.Combine(source.Directory, "model.safetensors")));
    }

    [Fact]
    public void GatedRepoWithoutTokenSaysHfToken()
    {
        using var hub = new FakeHub(Repo, Stories, requiredToken: "hf_right");
        using var cache = new TempDirectory();
        var e = Assert.Throws<ModelLoadException>(() => ModelSource.Parse(Repo, new HubSettings(cache.Path, hub.Endpoint)));
        Assert.Equal(Repo, e.File);
        Assert.Contains("HTTP 401", e.Problem);
        Assert.Contains("set HF_TOKEN", e.Problem);
        var wrong = Assert.Throws<ModelLoadException>(() => ModelSource.Parse(Repo, new HubSettings(cache.Path, hub.Endpoint, "hf_wrong")));
        Assert.Contains("HF_TOKEN given has no access", wrong.Problem);
        Assert.False(Directory.Exists(Path.Combine(cache.Path, "models--karpathy--stories260k", "snapshots")));
    }

    [Fact]
    public void UnknownRepoIsNotFound()
    {
        using var hub = new FakeHub(Repo, Stories);
        using var cache = new TempDirectory();
        var e = Assert.Throws<ModelLoadException>(() => ModelSource.Parse("karpathy/nope", new HubSettings(cache.Path, hub.Endpoint)));
        Assert.Equal("karpathy/nope", e.File);
        Assert.Contains("HTTP 404", e.Problem);
        Assert.Contains("repository not found", e.Problem);
    }

    [Fact]
    public void OfflineModeNeverAsksTheHub()
    {
        using var hub = new FakeHub(Repo, Stories);
        using var cache = new TempDirectory();
        var e = Assert.Throws<ModelLoadException>(() => ModelSource.Parse(Repo, new HubSettings(cache.Path, hub.Endpoint, Offline: true)));
        Assert.Contains("HF_HUB_OFFLINE", e.Problem);
        Assert.Empty(hub.Requests);
    }
}

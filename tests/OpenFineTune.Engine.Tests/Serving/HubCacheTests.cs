using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Engine.Tests.Serving;

/// <summary>`--model org/name` reads an already-downloaded model from a (fake) Hugging Face hub cache, offline.</summary>
public sealed class HubCacheTests
{
    const string Commit = "0123456789abcdef0123456789abcdef01234567";

    static string FakeCache(ScratchDirectory scratch)
    {
        var repo = scratch.Sub("hub", "models--karpathy--stories260k");
        ModelRegistryTests.CopyOfStories(Path.Combine(repo, "snapshots", Commit));
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        File.WriteAllText(Path.Combine(repo, "refs", "main"), Commit);
        Directory.CreateDirectory(Path.Combine(repo, "snapshots", "ffffffffffffffffffffffffffffffffffffffff")); // an older snapshot, not main
        return scratch.Sub("hub");
    }

    [Fact]
    public void RepoIdIsServedFromTheSnapshotThatRefsMainNames()
    {
        using var scratch = new ScratchDirectory();
        var cache = FakeCache(scratch);
        using var registry = new ModelRegistry(new EngineOptions { Models = ["karpathy/stories260k"], HubCacheRoots = ["/nonexistent", cache], Threads = 1 });
        var info = Assert.Single(registry.BaseModels);
        Assert.Equal("karpathy/stories260k", info.Id);
        Assert.Equal(Path.Combine(cache, "models--karpathy--stories260k", "snapshots", Commit), info.Source);
    }

    [Fact]
    public void RevisionAndExplicitIdAreHonoured()
    {
        using var scratch = new ScratchDirectory();
        var cache = FakeCache(scratch);
        Assert.Equal(Path.Combine(cache, "models--karpathy--stories260k", "snapshots", Commit), HubCache.Find($"karpathy/stories260k@{Commit}", [cache]));
        var source = ModelSource.Parse("tiny=karpathy/stories260k", [cache]);
        Assert.Equal("tiny", source.Id);
    }

    [Fact]
    public void ModelMissingFromTheCacheNamesWhereItLooked()
    {
        using var scratch = new ScratchDirectory();
        var cache = FakeCache(scratch);
        var e = Assert.Throws<ModelLoadException>(() => ModelSource.Parse("Qwen/Qwen2.5-0.5B-Instruct", [cache]));
        Assert.Equal("Qwen/Qwen2.5-0.5B-Instruct", e.File);
        Assert.Contains(cache, e.Problem);
    }

    [Fact]
    public void CacheRootsFollowHuggingFaceHubEnvironmentOrder()
    {
        var env = new Dictionary<string, string> { ["HF_HUB_CACHE"] = "/a/hub", ["HF_HOME"] = "/b", ["HOME"] = "/home/u" };
        Assert.Equal(["/a/hub", "/b/hub", "/home/u/.cache/huggingface/hub"], HubCache.DefaultRoots(env.GetValueOrDefault));
        Assert.Equal(["/home/u/.cache/huggingface/hub"], HubCache.DefaultRoots(k => k == "HOME" ? "/home/u" : null));
    }

    [Theory]
    [InlineData("org/name", true)]
    [InlineData("org/name@v1.0", true)]
    [InlineData("./models/x", false)]
    [InlineData("/abs/path", false)]
    [InlineData("single", false)]
    public void RepoIdsAreTellFromPaths(string spec, bool isRepo) => Assert.Equal(isRepo, HubCache.IsRepoId(spec));
}

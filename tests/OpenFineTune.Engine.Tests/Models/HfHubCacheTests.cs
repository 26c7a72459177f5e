using OpenFineTune.Engine.Models;

namespace OpenFineTune.Engine.Tests.Models;

public class HfHubCacheTests
{
    static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        key => vars.FirstOrDefault(v => v.Key == key).Value;

    [Fact]
    public void CacheDirectoryFollowsHuggingFaceHubPrecedence()
    {
        Assert.Equal("/a", HfHubCache.Directory(Env(("HF_HUB_CACHE", "/a"), ("HF_HOME", "/h"))));
        Assert.Equal(Path.Combine("/h", "hub"), HfHubCache.Directory(Env(("HF_HOME", "/h"))));
        Assert.Equal(Path.Combine("/x", "huggingface", "hub"), HfHubCache.Directory(Env(("XDG_CACHE_HOME", "/x"))));
    }

    [Fact]
    public void RepoIdResolvesToTheSnapshotThatRefsMainNames()
    {
        using var cache = new TempDirectory();
        var repo = Path.Combine(cache.Path, "models--Qwen--Qwen2.5-0.5B-Instruct");
        Directory.CreateDirectory(Path.Combine(repo, "snapshots", "aaa111"));
        Directory.CreateDirectory(Path.Combine(repo, "snapshots", "bbb222"));
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        File.WriteAllText(Path.Combine(repo, "refs", "main"), "aaa111\n");
        var env = Env(("HF_HUB_CACHE", cache.Path));
        Assert.Equal(Path.Combine(repo, "snapshots", "aaa111"), HfHubCache.Resolve("Qwen/Qwen2.5-0.5B-Instruct", env));
    }

    [Fact]
    public void UncachedRepoIsAnErrorSayingWhereItLooked()
    {
        using var cache = new TempDirectory();
        var e = Assert.Throws<ModelLoadException>(() => HfHubCache.Resolve("org/missing", Env(("HF_HUB_CACHE", cache.Path))));
        Assert.Contains("models--org--missing", e.Message);
        Assert.Contains(cache.Path, e.Message);
        Assert.True(HfHubCache.LooksLikeRepoId("org/missing"));
        Assert.False(HfHubCache.LooksLikeRepoId("/abs/path"));
    }
}

using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.Hub;

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
    public void HubSettingsReadHuggingFaceHubEnvironment()
    {
        var settings = HubSettings.FromEnvironment(Env(("HF_HUB_CACHE", "/c"), ("HF_ENDPOINT", "http://mirror:9/"), ("HF_TOKEN", "hf_x"), ("HF_HUB_OFFLINE", "1")));
        Assert.Equal(new HubSettings("/c", "http://mirror:9", "hf_x", Offline: true), settings);
        var defaults = HubSettings.FromEnvironment(Env(("HF_HUB_CACHE", "/c")));
        Assert.Equal(new HubSettings("/c", "https://huggingface.co", null, Offline: false), defaults);
    }

    [Fact]
    public void RepoReferencesParseWithAnOptionalRevision()
    {
        Assert.Equal(new HubRepoRef("Qwen/Qwen2.5-0.5B", "main"), HubRepoRef.Parse("Qwen/Qwen2.5-0.5B"));
        Assert.Equal(new HubRepoRef("Qwen/Qwen2.5-0.5B", "v2"), HubRepoRef.Parse("Qwen/Qwen2.5-0.5B@v2"));
        Assert.True(HubRepoRef.Looks("org/missing@v1"));
        Assert.False(HubRepoRef.Looks("/abs/path"));
        Assert.False(HubRepoRef.Looks("./rel/x"));
    }

    [Fact]
    public void RevisionsResolveThroughRefsOrAsCommits()
    {
        using var cache = new TempDirectory();
        var repo = Path.Combine(cache.Path, "models--Qwen--Qwen2.5-0.5B-Instruct");
        var (a, b) = (new string('a', 40), new string('b', 40));
        Directory.CreateDirectory(Path.Combine(repo, "snapshots", a));
        Directory.CreateDirectory(Path.Combine(repo, "snapshots", b));
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        File.WriteAllText(Path.Combine(repo, "refs", "main"), a + "\n");
        File.WriteAllText(Path.Combine(repo, "refs", "v2"), b);
        Assert.Equal(Path.Combine(repo, "snapshots", a), HfHubCache.FindSnapshot(cache.Path, HubRepoRef.Parse("Qwen/Qwen2.5-0.5B-Instruct")));
        Assert.Equal(Path.Combine(repo, "snapshots", b), HfHubCache.FindSnapshot(cache.Path, HubRepoRef.Parse("Qwen/Qwen2.5-0.5B-Instruct@v2")));
        Assert.Equal(Path.Combine(repo, "snapshots", b), HfHubCache.FindSnapshot(cache.Path, HubRepoRef.Parse($"Qwen/Qwen2.5-0.5B-Instruct@{b}")));
        Assert.Null(HfHubCache.FindSnapshot(cache.Path, HubRepoRef.Parse("Qwen/Qwen2.5-0.5B-Instruct@v3")));
    }

    [Fact]
    public void UncachedRepoOfflineIsAnErrorSayingWhereItLooked()
    {
        using var cache = new TempDirectory();
        var e = Assert.Throws<ModelLoadException>(() => HubModelResolver.Resolve(HubRepoRef.Parse("org/missing"), new HubSettings(cache.Path, Offline: true)));
        Assert.Contains("models--org--missing", e.Message);
        Assert.Contains(cache.Path, e.Message);
        Assert.Contains("HF_HUB_OFFLINE", e.Message);
    }

    [Fact]
    public void ServingFilesSkipOtherWeightFormatsAndSubfolders()
    {
        string[] repo = ["config.json", "generation_config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
            "model.safetensors.index.json", "consolidated.safetensors", "pytorch_model.bin", "model.gguf", "onnx/model.onnx",
            "original/tokenizer.model", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja", "README.md", ".gitattributes"];
        Assert.Equal(["chat_template.jinja", "config.json", "generation_config.json", "model-00001-of-00002.safetensors",
            "model-00002-of-00002.safetensors", "model.safetensors.index.json", "tokenizer.json", "tokenizer_config.json"],
            HubFileSelection.ServingFiles(repo));
        Assert.Equal(["config.json", "consolidated.safetensors"], HubFileSelection.ServingFiles(["config.json", "consolidated.safetensors"]));
    }
}

using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.Hub;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Engine.Tests.Serving;

/// <summary>`--model org/name` serves an already-downloaded model from a (fake) Hugging Face hub cache, offline.</summary>
public sealed class HubCacheTests
{
    const string Commit = "0123456789abcdef0123456789abcdef01234567";

    static string FakeCache(ScratchDirectory scratch)
    {
        var repo = scratch.Sub("hub", "models--karpathy--stories260k");
        ModelRegistryTests.CopyOfStories(Path.Combine(repo, "snapshots", Commit));
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        File.WriteAllText(Path.Combine(repo, "refs", "main"), Commit);
        Directory.CreateDirectory(Path.Combine(repo, "snapshots", "ffffffffffffffffffffffffffffffffffffffff")); // another snapshot, not main
        return scratch.Sub("hub");
    }

    static HubSettings Offline(string cache) => new(cache, Endpoint: "http://127.0.0.1:9", Offline: true);

    [Fact]
    public async Task RepoIdIsServedFromTheSnapshotThatRefsMainNames()
    {
        using var scratch = new ScratchDirectory();
        var cache = FakeCache(scratch);
        using var registry = new ModelRegistry(new EngineOptions { Models = ["karpathy/stories260k"], Hub = Offline(cache), Threads = 1 });
        var info = Assert.Single(registry.BaseModels);
        Assert.Equal("karpathy/stories260k", info.Id);
        Assert.Equal(Path.Combine(cache, "models--karpathy--stories260k", "snapshots", Commit), info.Source);
        var generator = new Engine.Generation.TextGenerator(registry);
        var deltas = await ServingTestModels.Collect(generator, new Engine.Generation.GenerationRequest("karpathy/stories260k",
            new Engine.Generation.Prompt.Text("Once upon a time, there was"), ServingTestModels.Greedy, MaxNewTokens: 6));
        Assert.StartsWith("a little girl", ServingTestModels.Text(deltas));
    }

    [Fact]
    public void ExplicitIdNamesACachedRepo()
    {
        using var scratch = new ScratchDirectory();
        var source = ModelSource.Parse("tiny=karpathy/stories260k", Offline(FakeCache(scratch)));
        Assert.Equal("tiny", source.Id);
        Assert.EndsWith(Commit, source.Directory);
    }

    [Fact]
    public void ModelMissingFromTheCacheNamesWhereItLooked()
    {
        using var scratch = new ScratchDirectory();
        var cache = FakeCache(scratch);
        var e = Assert.Throws<ModelLoadException>(() => new ModelRegistry(new EngineOptions { Models = ["Qwen/Qwen2.5-0.5B-Instruct"], Hub = Offline(cache) }));
        Assert.Equal("Qwen/Qwen2.5-0.5B-Instruct", e.File);
        Assert.Contains(cache, e.Problem);
    }
}

using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Engine.Tests.Serving;

/// <summary>How --model, --model-alias and the Hugging Face cache name and find base models.</summary>
public sealed class ModelRegistryTests
{
    [Fact]
    public void PathAloneServesTheDirectoryName()
    {
        using var scratch = new ScratchDirectory();
        var copy = CopyOfStories(scratch.Sub("my-stories"));
        using var registry = new ModelRegistry(new EngineOptions { Models = [copy], Threads = 1 });
        Assert.Equal("my-stories", Assert.Single(registry.BaseModels).Id);
        Assert.False(registry.BaseModels[0].IsBuiltIn);
    }

    [Fact]
    public void AliasResolvesToItsBaseModel()
    {
        using var registry = ServingTestModels.Stories("tiny-stories=stories260k");
        var served = registry.Resolve("tiny-stories");
        Assert.Equal(("tiny-stories", "stories260k"), (served.Id, served.Base.Id));
        Assert.Contains("tiny-stories", registry.ServedIds);
        Assert.Throws<ModelNotFoundException>(() => registry.Resolve("stories"));
    }

    [Fact]
    public void AliasOfAnUnknownModelIsAStartupError()
    {
        var e = Assert.Throws<ArgumentException>(() => ServingTestModels.Stories("x=nope"));
        Assert.Contains("nope", e.Message);
    }

    [Fact]
    public void MissingDirectoryErrorNamesIt()
    {
        var e = Assert.Throws<ModelLoadException>(() => new ModelRegistry(new EngineOptions { Models = ["/no/such/model-dir"] }));
        Assert.Equal("/no/such/model-dir", e.File);
    }

    [Fact]
    public void CorruptConfigErrorNamesTheFile()
    {
        using var scratch = new ScratchDirectory();
        var copy = CopyOfStories(scratch.Sub("broken"));
        File.WriteAllText(Path.Combine(copy, "config.json"), "{ \"architectures\": [\"GPT2LMHeadModel\"] }");
        var e = Assert.Throws<ModelLoadException>(() => new ModelRegistry(new EngineOptions { Models = [copy] }));
        Assert.Equal(Path.Combine(copy, "config.json"), e.File);
    }

    [Fact]
    public void FingerprintFollowsTheFiles()
    {
        using var scratch = new ScratchDirectory();
        var copy = CopyOfStories(scratch.Sub("a"));
        var before = ModelFingerprint.Of(copy);
        Assert.Equal(before, ModelFingerprint.Of(ServingTestModels.Stories260k));
        File.AppendAllText(Path.Combine(copy, "generation_config.json"), " ");
        Assert.NotEqual(before, ModelFingerprint.Of(copy));
    }

    internal static string CopyOfStories(string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(ServingTestModels.Stories260k))
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        return destination;
    }
}

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>The client's filename is metadata only: a name like <c>../../x</c> writes nothing outside the data dir.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class FilenameTraversalTests
{
    [Fact]
    public async Task TraversingFilenameIsStoredAsMetadataAndWritesNothingOutsideTheDataDir()
    {
        using var parent = new TempDirectory("oft-e2e-parent-");
        var dataDir = Directory.CreateDirectory(Path.Combine(parent.Path, "a", "data")).FullName;
        var name = $"escape-{Guid.NewGuid():N}.jsonl";
        var content = TrainingData.Jsonl(new Random(7), 300);
        using var server = await ServerProcess.StartAsync(dataDir);
        using var files = new FilesHttp(server);

        var stored = await files.UploadAsync(content, "../../" + name);

        Assert.DoesNotContain("/", stored.Filename);
        Assert.Equal(content, await files.ContentAsync(stored.Id));
        Assert.Empty(Directory.EnumerateFiles(parent.Path, "*" + name + "*", SearchOption.AllDirectories));
    }
}

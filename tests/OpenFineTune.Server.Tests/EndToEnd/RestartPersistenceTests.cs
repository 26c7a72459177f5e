namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>Uploads survive a graceful stop and a start of a new process on the same data dir.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RestartPersistenceTests
{
    [Fact]
    public async Task UploadedFilesAreListedWithIdenticalBytesAfterRestart()
    {
        using var dataDir = new TempDirectory();
        var random = new Random(3);
        var sent = new Dictionary<string, byte[]>();
        IReadOnlyList<StoredFile> listedBefore;
        using (var first = await ServerProcess.StartAsync(dataDir.Path))
        using (var files = new FilesHttp(first))
        {
            foreach (var (size, name, purpose) in new[] { (200, "tiny.jsonl", "fine-tune"), (300_000, "medium.jsonl", "fine-tune"), (50_000, "batch.jsonl", "batch") })
            {
                var content = TrainingData.Jsonl(random, size);
                sent[(await files.UploadAsync(content, name, purpose)).Id] = content;
            }
            listedBefore = await files.ListAsync();
            await first.StopAsync();
        }

        using var second = await ServerProcess.StartAsync(dataDir.Path);
        using var again = new FilesHttp(second);
        var listedAfter = await again.ListAsync();

        Assert.Equal(listedBefore, listedAfter);
        Assert.Equal(sent.Keys.Order(), listedAfter.Select(f => f.Id).Order());
        foreach (var (id, content) in sent)
            Assert.Equal(content, await again.ContentAsync(id));
    }
}

using System.Text;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Tests.Storage;

public sealed class StoredFilesTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("oft-files-").FullName;

    [Fact]
    public async Task ServerMadeFilesAreListedAndReadable()
    {
        using var meta = new LiteDbMetadataStore(_dir);
        var files = new StoredFiles(new DiskBlobStore(_dir), meta, TimeProvider.System);

        var record = await files.CreateAsync(new MemoryStream(Encoding.UTF8.GetBytes("step,loss\n1,2.5\n")), "step_metrics.csv", "fine-tune-results", default);

        Assert.Equal(16, record.Bytes);
        Assert.Equal("fine-tune-results", (await meta.Files.FindAsync(record.Id))!.Purpose);
        await using var content = (await files.OpenAsync(record.Id, default))!;
        Assert.Equal("step,loss\n1,2.5\n", await new StreamReader(content).ReadToEndAsync());
    }

    [Fact]
    public async Task OrphanFileBlobsAreRemovedButListedFilesAndOtherBlobsStay()
    {
        using var meta = new LiteDbMetadataStore(_dir);
        var blobs = new DiskBlobStore(_dir);
        var files = new StoredFiles(blobs, meta, TimeProvider.System);
        var kept = await files.CreateAsync(new MemoryStream([1, 2, 3]), "a.bin", "batch", default);
        foreach (var id in new[] { "file-orphan", "ckpt-not-a-file" })
            await using (var pending = await blobs.BeginWriteAsync())
                await pending.CommitAsync(id);

        Assert.Equal(1, await files.RemoveOrphansAsync(default));

        Assert.Null(await blobs.OpenReadAsync("file-orphan"));
        Assert.NotNull(await files.OpenAsync(kept.Id, default));
        Assert.NotNull(await blobs.OpenReadAsync("ckpt-not-a-file"));
    }

    [Fact]
    public async Task TheServerRemovesOrphansWhenItStarts()
    {
        await using var app = new OpenFineTuneApp();
        var orphan = Path.Combine(app.DataDir, "files", "file-leftfromacrash");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        File.WriteAllText(orphan, "bytes whose metadata never committed");

        await Envelope.AssertHealthy(app.CreateClient());

        Assert.False(File.Exists(orphan));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

using System.Text;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Tests.Storage;

public sealed class DiskBlobStoreTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("oft-blob-").FullName;

    static async Task<string> ReadAll(Stream s)
    {
        await using (s) return await new StreamReader(s).ReadToEndAsync();
    }

    [Fact]
    public async Task CommittedBytesAreReadableUnderTheirIdAndNothingElseRemains()
    {
        var store = new DiskBlobStore(_dir);
        await using (var pending = await store.BeginWriteAsync())
        {
            await pending.Content.WriteAsync(Encoding.UTF8.GetBytes("hello"));
            Assert.Null(await store.OpenReadAsync("file-1"));
            await pending.CommitAsync("file-1");
        }

        Assert.Equal("hello", await ReadAll((await store.OpenReadAsync("file-1"))!));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "files", ".tmp")));
    }

    [Fact]
    public async Task AnUncommittedWriteLeavesNoTrace()
    {
        var store = new DiskBlobStore(_dir);
        await using (var pending = await store.BeginWriteAsync())
        {
            await pending.Content.WriteAsync(new byte[100]);
            Assert.Equal("\0\0", (await ReadAll(await pending.ReadBackAsync()))[..2]);
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "files"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void TempLeftoversFromACrashAreRemovedAtStart()
    {
        var temp = Directory.CreateDirectory(Path.Combine(_dir, "files", ".tmp")).FullName;
        File.WriteAllText(Path.Combine(temp, "half-written.part"), "partial");
        File.WriteAllText(Path.Combine(_dir, "files", "file-kept"), "whole");

        _ = new DiskBlobStore(_dir);

        Assert.Empty(Directory.GetFiles(temp));
        Assert.True(File.Exists(Path.Combine(_dir, "files", "file-kept")));
    }

    [Theory]
    [InlineData("../metadata.db")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task IdsThatAreNotPlainNamesAreRefused(string id)
    {
        var store = new DiskBlobStore(_dir);

        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(id));
    }

    [Fact]
    public async Task AReaderKeepsItsBytesWhenTheBlobIsDeleted()
    {
        if (OperatingSystem.IsWindows()) return; // relies on Unix unlink semantics; CI is Linux
        var store = new DiskBlobStore(_dir);
        await using (var pending = await store.BeginWriteAsync())
        {
            await pending.Content.WriteAsync(Encoding.UTF8.GetBytes("training data"));
            await pending.CommitAsync("file-job");
        }
        var reader = (await store.OpenReadAsync("file-job"))!;

        Assert.True(await store.DeleteAsync("file-job"));

        Assert.Equal("training data", await ReadAll(reader));
        Assert.Null(await store.OpenReadAsync("file-job"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

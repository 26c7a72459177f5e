namespace OpenFineTune.Server.Storage;

/// <summary>A staged write to a temp file: flushed and fsynced, then renamed into place on commit.</summary>
sealed class PendingDiskBlob(string tempPath, DiskBlobStore store) : IPendingBlob
{
    readonly FileStream _file = new(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 81920, useAsync: true);
    bool _committed;

    public Stream Content => _file;

    public async Task<Stream> ReadBackAsync(CancellationToken ct = default)
    {
        await _file.FlushAsync(ct);
        return new FileStream(tempPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 81920, useAsync: false) /* read synchronously by the JSONL check */;
    }

    public async Task CommitAsync(string id, CancellationToken ct = default)
    {
        await _file.FlushAsync(ct);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync();
        store.Publish(tempPath, id);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        if (!_committed) File.Delete(tempPath);
    }
}

namespace OpenFineTune.Server.Storage;

/// <summary>
/// Files as a whole (bytes + metadata), for the Files API and for jobs: jobs open training files with
/// <see cref="OpenAsync"/> and save their results with <see cref="CreateAsync"/> (purpose <c>fine-tune-results</c>).
/// Order of writes: bytes are committed before metadata, and metadata is removed before bytes, so a crash leaves at
/// worst an unlisted orphan blob (removed by <see cref="RemoveOrphansAsync"/> at start), never a listed file without bytes.
/// </summary>
public sealed class StoredFiles(IBlobStore blobs, IMetadataStore store, TimeProvider clock)
{
    public const string IdPrefix = "file-";

    /// <summary>Commits staged bytes and then their record; when this returns, both survive a crash.</summary>
    public async Task<FileRecord> CommitAsync(IPendingBlob blob, long bytes, string filename, string purpose, CancellationToken ct)
    {
        var record = new FileRecord
        {
            Id = Ids.New(IdPrefix), CreatedAt = clock.GetUtcNow().ToUnixTimeSeconds(),
            Bytes = bytes, Filename = filename, Purpose = purpose,
        };
        await blob.CommitAsync(record.Id, ct);
        try { await store.Files.AddAsync(record, CancellationToken.None); }
        catch
        {
            await blobs.DeleteAsync(record.Id, CancellationToken.None);
            throw;
        }
        return record;
    }

    /// <summary>Stores a file the server makes itself (e.g. a job's results).</summary>
    public async Task<FileRecord> CreateAsync(Stream content, string filename, string purpose, CancellationToken ct)
    {
        await using var blob = await blobs.BeginWriteAsync(ct);
        await content.CopyToAsync(blob.Content, ct);
        return await CommitAsync(blob, blob.Content.Length, filename, purpose, ct);
    }

    /// <summary>The bytes of a listed file, or null. A reader keeps its bytes even if the file is deleted meanwhile.</summary>
    public async Task<Stream?> OpenAsync(string id, CancellationToken ct) =>
        await store.Files.FindAsync(id, ct) is null ? null : await blobs.OpenReadAsync(id, ct);

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        if (!await store.Files.RemoveAsync(id, ct)) return false;
        await blobs.DeleteAsync(id, CancellationToken.None);
        return true;
    }

    /// <summary>Deletes file blobs that have no record (a crash between committing bytes and metadata).</summary>
    public async Task<int> RemoveOrphansAsync(CancellationToken ct)
    {
        int removed = 0;
        foreach (var id in await blobs.ListIdsAsync(IdPrefix, ct))
            if (await store.Files.FindAsync(id, ct) is null && await blobs.DeleteAsync(id, ct)) removed++;
        return removed;
    }
}

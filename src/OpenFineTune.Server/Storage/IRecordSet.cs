namespace OpenFineTune.Server.Storage;

/// <summary>
/// One kind of record (files, fine-tuned models; later jobs, events, checkpoints). Lists come back in insertion
/// order (newest first by default), which is also creation order. Kept this narrow so that a PostgreSQL table with
/// (id, seq, list_key, json) columns can implement it.
/// </summary>
public interface IRecordSet<T> where T : class, IStoredRecord
{
    /// <summary>Adds a record; the returned task completes once it is durably committed.</summary>
    Task AddAsync(T record, CancellationToken ct = default);

    /// <summary>Replaces an existing record (same id), keeping its place in lists. False if there is none.</summary>
    Task<bool> ReplaceAsync(T record, CancellationToken ct = default);

    Task<T?> FindAsync(string id, CancellationToken ct = default);

    /// <summary>False if there was nothing to remove.</summary>
    Task<bool> RemoveAsync(string id, CancellationToken ct = default);

    Task<Page<T>> ListAsync(PageQuery query, CancellationToken ct = default);
}

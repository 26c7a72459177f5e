namespace OpenFineTune.Server.Storage;

/// <summary>
/// Bytes by id (uploaded files now; results, adapters and checkpoints later). A write is staged and becomes visible
/// under its id only when committed, so a reader never sees half a blob. Narrow enough for S3 (stage locally,
/// then PUT on commit).
/// </summary>
public interface IBlobStore
{
    /// <summary>Starts a staged write. Disposing it without committing throws the bytes away.</summary>
    Task<IPendingBlob> BeginWriteAsync(CancellationToken ct = default);

    /// <summary>The committed bytes, or null if there is no blob with this id.</summary>
    Task<Stream?> OpenReadAsync(string id, CancellationToken ct = default);

    /// <summary>False if there was nothing to delete.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken ct = default);

    /// <summary>The committed ids that start with <paramref name="prefix"/> (for recovery after a crash).</summary>
    Task<IReadOnlyList<string>> ListIdsAsync(string prefix, CancellationToken ct = default);
}

public interface IPendingBlob : IAsyncDisposable
{
    /// <summary>Write the bytes here.</summary>
    Stream Content { get; }

    /// <summary>Reads back what has been written so far (to check it before committing).</summary>
    Task<Stream> ReadBackAsync(CancellationToken ct = default);

    /// <summary>Makes the bytes durable under <paramref name="id"/>; when this returns they survive a crash.</summary>
    Task CommitAsync(string id, CancellationToken ct = default);
}

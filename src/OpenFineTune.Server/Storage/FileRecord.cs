namespace OpenFineTune.Server.Storage;

/// <summary>An uploaded (or server-made) file. Its bytes live in the blob store under <see cref="Id"/>.</summary>
public sealed record FileRecord : IStoredRecord
{
    public required string Id { get; init; }

    public required long CreatedAt { get; init; }

    public required long Bytes { get; init; }

    /// <summary>The client's name for it, a basename; metadata only, never a path on disk.</summary>
    public required string Filename { get; init; }

    public required string Purpose { get; init; }

    public long? ExpiresAt { get; init; }

    string? IStoredRecord.ListKey => Purpose;
}

using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.Files;

/// <summary>The wire file object, fields in OpenAI's order. https://platform.openai.com/docs/api-reference/files/object</summary>
public sealed record FileObject
{
    public required string Id { get; init; }

    public string Object => "file";

    public required long Bytes { get; init; }

    public required long CreatedAt { get; init; }

    public long? ExpiresAt { get; init; }

    public required string Filename { get; init; }

    public required string Purpose { get; init; }

    /// <summary>Deprecated but required by the .NET SDK; bytes are on disk before we answer, so always <c>processed</c>.</summary>
    public string Status => "processed";

    public string? StatusDetails => null;
}

/// <summary><c>DELETE /v1/files/{id}</c>'s answer.</summary>
public sealed record FileDeleted(string Id)
{
    public string Object => "file";

    public bool Deleted => true;
}

public static class FileObjectMapping
{
    public static FileObject ToFileObject(this FileRecord record) => new()
    {
        Id = record.Id,
        Bytes = record.Bytes,
        CreatedAt = record.CreatedAt,
        ExpiresAt = record.ExpiresAt,
        Filename = record.Filename,
        Purpose = record.Purpose,
    };
}

using OpenFineTune.Engine.Datasets;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.Files;

/// <summary>
/// Turns a validated upload into a stored file: checks fine-tune JSONL, commits the bytes (fsync + rename), then the
/// metadata. Only after both does the caller answer 200, so an acknowledged file survives a crash.
/// </summary>
public sealed class FileUploader(IBlobStore blobs, IMetadataStore store, TimeProvider clock)
{
    public IBlobStore Blobs => blobs;

    public async Task<FileRecord> StoreAsync(UploadForm form, CancellationToken ct)
    {
        var blob = form.File!;
        if (form.Purpose == FilePurposes.FineTune) await CheckJsonl(blob, ct);
        var record = new FileRecord
        {
            Id = Ids.New("file-"),
            CreatedAt = clock.GetUtcNow().ToUnixTimeSeconds(),
            Bytes = form.Bytes,
            Filename = form.Filename ?? UploadFilename.Unknown,
            Purpose = form.Purpose!,
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

    static async Task CheckJsonl(IPendingBlob blob, CancellationToken ct)
    {
        await using var content = await blob.ReadBackAsync(ct);
        var problems = JsonlChecker.Check(content);
        if (problems.Count == 0) return;
        throw new InvalidRequestException(
            $"Invalid file format for purpose 'fine-tune': every non-empty line must be one JSON object. {string.Join("; ", problems)}",
            "file", "invalid_file_format");
    }
}

using OpenFineTune.Engine.Datasets;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.Files;

/// <summary>
/// Turns a validated upload into a stored file: checks fine-tune JSONL (the same checker job creation builds on),
/// then commits bytes and metadata. Only after both does the endpoint answer 200.
/// </summary>
public sealed class FileUploader(IBlobStore blobs, StoredFiles files)
{
    public IBlobStore Blobs => blobs;

    public async Task<FileRecord> StoreAsync(UploadForm form, CancellationToken ct)
    {
        var blob = form.File!;
        if (form.Purpose == FilePurposes.FineTune) await CheckJsonl(blob, ct);
        return await files.CommitAsync(blob, form.Bytes, form.Filename ?? UploadFilename.Unknown, form.Purpose!, ct);
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

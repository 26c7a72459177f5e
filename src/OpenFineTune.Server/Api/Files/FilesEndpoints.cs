using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Hosting;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.Files;

/// <summary>/v1/files: https://platform.openai.com/docs/api-reference/files</summary>
public static class FilesEndpoints
{
    public static RouteGroupBuilder MapFiles(this IEndpointRouteBuilder v1)
    {
        var files = v1.MapGroup("/files").WithTags("Files").ProducesOpenAIErrors(400, 401, 404);
        files.MapPost("/", Upload).Accepts<CreateFileRequest>("multipart/form-data").DisableAntiforgery()
            .ProducesOpenAIErrors(413, 415)
            .WithSummary("Upload a file (multipart: file, purpose)");
        files.MapGet("/", List).WithValidation<RouteHandlerBuilder, ListFilesQuery>().WithSummary("List files, newest first");
        files.MapGet("/{file_id}", Retrieve).WithSummary("Retrieve a file object");
        files.MapGet("/{file_id}/content", Content).Produces<Stream>(200, "application/octet-stream")
            .WithSummary("Download a file's bytes");
        files.MapDelete("/{file_id}", Delete).WithSummary("Delete a file");
        return files;
    }

    static async Task<Ok<FileObject>> Upload(HttpContext http, FileUploader uploader, IOptions<ServerOptions> options)
    {
        await using var form = await MultipartUpload.ReadAsync(http.Request, uploader.Blobs, options.Value.MaxUploadBytes, http.RequestAborted);
        await http.ValidateAndThrowAsync(form);
        var record = await uploader.StoreAsync(form, http.RequestAborted);
        return TypedResults.Ok(record.ToFileObject());
    }

    static async Task<Ok<CursorPage<FileObject>>> List([AsParameters] ListFilesQuery query, IMetadataStore store, CancellationToken ct)
    {
        var page = await store.Files.ListAsync(query.ToPageQuery(), ct);
        var data = page.Items.Select(f => f.ToFileObject()).ToList();
        return TypedResults.Ok(new CursorPage<FileObject>
        {
            Data = data, HasMore = page.HasMore, FirstId = data.FirstOrDefault()?.Id, LastId = data.LastOrDefault()?.Id,
        });
    }

    static async Task<Ok<FileObject>> Retrieve(string file_id, IMetadataStore store, CancellationToken ct) =>
        TypedResults.Ok((await FindAsync(store, file_id, ct)).ToFileObject());

    static async Task<FileStreamHttpResult> Content(string file_id, IMetadataStore store, StoredFiles files, CancellationToken ct)
    {
        var record = await FindAsync(store, file_id, ct);
        if (FilePurposes.NotDownloadable.Contains(record.Purpose))
            throw new InvalidRequestException($"Not allowed to download files of purpose: {record.Purpose}");
        var bytes = await files.OpenAsync(record.Id, ct) ?? throw new ObjectNotFoundException("File", file_id, "file_id");
        // No content negotiation: the SDKs send Accept: application/binary and expect the bytes.
        return TypedResults.Stream(bytes, "application/octet-stream");
    }

    static async Task<Ok<FileDeleted>> Delete(string file_id, StoredFiles files, CancellationToken ct)
    {
        if (!await files.DeleteAsync(file_id, ct)) throw new ObjectNotFoundException("File", file_id, "file_id");
        return TypedResults.Ok(new FileDeleted(file_id));
    }

    static async Task<FileRecord> FindAsync(IMetadataStore store, string id, CancellationToken ct) =>
        await store.Files.FindAsync(id, ct) ?? throw new ObjectNotFoundException("File", id, "file_id");
}

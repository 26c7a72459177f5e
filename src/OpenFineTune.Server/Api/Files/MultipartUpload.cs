using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.Files;

/// <summary>
/// Reads a multipart upload as a stream: the <c>file</c> part goes straight into a staged blob (never whole in
/// memory), other parts are small text fields. Parts may come in any order; chunked bodies without
/// Content-Length work because nothing here needs the total length.
/// </summary>
public static class MultipartUpload
{
    const int MaxFieldBytes = 64 * 1024;

    public static async Task<UploadForm> ReadAsync(HttpRequest request, IBlobStore blobs, long maxFileBytes, CancellationToken ct)
    {
        var boundary = BoundaryOf(request);
        var form = new UploadForm();
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await NextSection(reader, ct) is { } section)
                await ReadSection(section, form, blobs, maxFileBytes, ct);
            return form;
        }
        catch
        {
            await form.DisposeAsync();
            throw;
        }
    }

    static string BoundaryOf(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new UnsupportedMediaTypeException($"Expected a multipart/form-data body with parts 'file' and 'purpose', got Content-Type '{request.ContentType ?? "(none)"}'.");
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            throw new InvalidRequestException("The multipart/form-data Content-Type has no boundary parameter.");
        return boundary;
    }

    static async Task<MultipartSection?> NextSection(MultipartReader reader, CancellationToken ct)
    {
        try { return await reader.ReadNextSectionAsync(ct); }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not BadHttpRequestException)
        {
            throw new InvalidRequestException($"The multipart body could not be read: {e.Message}");
        }
    }

    static async Task ReadSection(MultipartSection section, UploadForm form, IBlobStore blobs, long maxFileBytes, CancellationToken ct)
    {
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            throw new InvalidRequestException("Every multipart part needs a 'Content-Disposition: form-data; name=…' header.");
        var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
        if (name == "file")
        {
            if (form.File is not null) throw new InvalidRequestException("Only one 'file' part is allowed per upload.", "file");
            form.Filename = UploadFilename.From(disposition);
            form.File = await blobs.BeginWriteAsync(ct);
            form.Bytes = await CopyLimited(section.Body, form.File.Content, maxFileBytes, ct);
        }
        else if (name == "purpose") form.Purpose = await ReadField(section.Body, name, ct);
        else await section.Body.DrainAsync(ct); // e.g. expires_after[anchor]: accepted, not used
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes; one more and the upload is refused with 413.</summary>
    static async Task<long> CopyLimited(Stream source, Stream target, long limit, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await ReadBody(source, buffer, ct)) > 0)
        {
            total += read;
            if (total > limit) throw new PayloadTooLargeException(limit);
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return total;
    }

    static async Task<int> ReadBody(Stream source, byte[] buffer, CancellationToken ct)
    {
        try { return await source.ReadAsync(buffer, ct); }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            throw new InvalidRequestException($"The multipart body ended before the 'file' part did: {e.Message}", "file");
        }
    }

    static async Task<string> ReadField(Stream body, string name, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        try { await CopyLimited(body, buffer, MaxFieldBytes, ct); }
        catch (PayloadTooLargeException) { throw new InvalidRequestException($"The '{name}' field is longer than {MaxFieldBytes} bytes.", name); }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).Trim();
    }
}

using System.Text.Json;
using FluentValidation;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.Common;

/// <summary>The one table from an exception to (status, type, param, code). JSON responses and, later, SSE error
/// chunks both go through <see cref="From"/>.</summary>
public static class ErrorMapping
{
    const string InvalidRequest = "invalid_request_error";

    public static MappedError From(Exception e, string requestId) => e switch
    {
        ValidationException v => FromValidation(v),
        InvalidRequestException i => new(400, new(i.Message, InvalidRequest, i.Param, i.Code)),
        ObjectNotFoundException n => new(404, new(n.Message, InvalidRequest, n.Param, null)),
        ModelNotFoundException m => new(404, new(m.Message, InvalidRequest, "model", "model_not_found")),
        PermissionDeniedException p => new(403, new(p.Message, InvalidRequest, null, "permission_denied")),
        PayloadTooLargeException t => new(413, new(t.Message, InvalidRequest, "file", "file_too_large")),
        UnsupportedMediaTypeException u => new(415, new(u.Message, InvalidRequest, null, "unsupported_media_type")),
        UnknownCursorException c => new(400, new($"No object with id {c.After} to page after.", InvalidRequest, "after", null)),
        BadHttpRequestException { InnerException: JsonException j } => FromJson(j),
        JsonException j => FromJson(j),
        BadHttpRequestException { StatusCode: 413 } b => new(413, new(b.Message, InvalidRequest, null, "request_too_large")),
        BadHttpRequestException b => new(b.StatusCode, new(b.Message, InvalidRequest, null, null)),
        // Disk full, a file vanished: possibly transient, so let the SDK retry.
        IOException => new(500, new(ServerFault(requestId), "server_error", null, null)),
        // A bug answers the same way every time; retrying would only triple the wait.
        _ => new(500, new(ServerFault(requestId), "server_error", null, null), ShouldRetry: false),
    };

    static string ServerFault(string requestId) =>
        $"The server had an error while processing your request. The server log has the details under request id {requestId}.";

    static MappedError FromValidation(ValidationException v)
    {
        var first = v.Errors.FirstOrDefault();
        var message = first?.ErrorMessage ?? v.Message;
        var param = string.IsNullOrEmpty(first?.PropertyName) ? null : first.PropertyName;
        return new(400, new(message, InvalidRequest, param, null));
    }

    /// <summary>Malformed JSON or a field of the wrong type; the JSON path (<c>$.hyperparameters.n_epochs</c>) gives <c>param</c>.</summary>
    static MappedError FromJson(JsonException j)
    {
        var param = string.IsNullOrEmpty(j.Path) || j.Path == "$" ? null : j.Path.TrimStart('$', '.');
        var what = param is null
            ? "We could not parse the JSON body of your request"
            : $"The field '{param}' has the wrong type or is not valid JSON";
        var detail = j.Message.Split(" Path:")[0];
        return new(400, new($"{what}: {detail}", InvalidRequest, param, null));
    }
}

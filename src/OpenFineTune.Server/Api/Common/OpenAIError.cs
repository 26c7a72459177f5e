using System.Text.Json.Serialization;

namespace OpenFineTune.Server.Api.Common;

/// <summary>OpenAI's error envelope: <c>{"error":{"message","type","param","code"}}</c>, all four keys always present.</summary>
/// <remarks>https://platform.openai.com/docs/guides/error-codes</remarks>
public sealed record OpenAIErrorEnvelope([property: JsonPropertyName("error")] OpenAIError Error);

public sealed record OpenAIError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);

/// <summary>An error as the mapping decided it: the HTTP status, the envelope, and whether a retry could help.</summary>
public sealed record MappedError(int Status, OpenAIError Error, bool? ShouldRetry = null)
{
    public async Task WriteAsync(HttpContext http)
    {
        http.Response.StatusCode = Status;
        if (ShouldRetry is bool retry) http.Response.Headers["x-should-retry"] = retry ? "true" : "false";
        await http.Response.WriteAsJsonAsync(new OpenAIErrorEnvelope(Error), http.RequestAborted);
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace OpenFineTune.Server.Api.Common;

/// <summary>
/// A <c>text/event-stream</c> of JSON events as the OpenAI SDKs read it: <c>data: {json}\n\n</c> per event, flushed
/// at once, no <c>event:</c> lines (a <c>thread.</c> name switches the SDK to Assistants parsing), and
/// <c>data: [DONE]\n\n</c> at the end. The first event is produced before any byte is written, so a failure while
/// producing it (unknown model, prompt too long) is an ordinary JSON error; a later failure becomes
/// <c>data: {"error":{…}}</c> (the same <see cref="ErrorMapping"/>) followed by [DONE].
/// </summary>
/// <remarks>https://platform.openai.com/docs/api-reference/chat-streaming</remarks>
public sealed class ServerSentEvents<T>(IAsyncEnumerable<T> events) : IResult
{
    static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray(), DataPrefix = "data: "u8.ToArray(), EventEnd = "\n\n"u8.ToArray();

    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        await using var e = events.GetAsyncEnumerator(ct);
        var hasFirst = await e.MoveNextAsync(); // may throw: nothing is written yet
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        Start(http.Response);
        try
        {
            for (var more = hasFirst; more; more = await e.MoveNextAsync())
                await WriteAsync(http.Response, JsonSerializer.SerializeToUtf8Bytes<object?>(e.Current, json), ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var error = ErrorMapping.From(ex, RequestContext.IdOf(http));
            LogFailure(http, ex, error);
            await WriteAsync(http.Response, JsonSerializer.SerializeToUtf8Bytes(new OpenAIErrorEnvelope(error.Error), json), ct);
        }
        await http.Response.Body.WriteAsync(Done, ct);
        await http.Response.Body.FlushAsync(ct);
    }

    static void Start(HttpResponse response)
    {
        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx and similar proxies would hold events back
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    static async Task WriteAsync(HttpResponse response, byte[] json, CancellationToken ct)
    {
        await response.Body.WriteAsync(DataPrefix, ct);
        await response.Body.WriteAsync(json, ct);
        await response.Body.WriteAsync(EventEnd, ct);
        await response.Body.FlushAsync(ct);
    }

    static void LogFailure(HttpContext http, Exception ex, MappedError error)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OpenFineTune.Errors");
        if (error.Status >= 500) logger.LogError(ex, "Stream {RequestId} failed after it started", RequestContext.IdOf(http));
        else logger.LogInformation("Stream {RequestId} ended with {Status}: {Message}", RequestContext.IdOf(http), error.Status, error.Error.Message);
    }
}

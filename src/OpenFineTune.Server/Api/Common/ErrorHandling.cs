namespace OpenFineTune.Server.Api.Common;

/// <summary>Makes every failure an OpenAI error envelope: thrown exceptions, and empty 4xx/5xx responses that
/// routing produces on its own (unknown route 404, wrong method 405).</summary>
public static class ErrorHandling
{
    public static IApplicationBuilder UseOpenAIErrors(this IApplicationBuilder app)
    {
        app.Use(CatchExceptions);
        app.UseStatusCodePages(context => DescribeEmptyStatus(context.HttpContext));
        return app;
    }

    static async Task CatchExceptions(HttpContext http, RequestDelegate next)
    {
        try { await next(http); }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e)
        {
            if (http.RequestAborted.IsCancellationRequested) return; // an upload cut off by the client: nobody to answer
            var requestId = RequestContext.IdOf(http);
            var error = ErrorMapping.From(e, requestId);
            var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OpenFineTune.Errors");
            if (error.Status >= 500) logger.LogError(e, "Request {RequestId} failed: {Method} {Path}", requestId, http.Request.Method, http.Request.Path);
            if (http.Response.HasStarted) { http.Abort(); return; }
            http.Response.Clear();
            await error.WriteAsync(http);
        }
    }

    static Task DescribeEmptyStatus(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var request = $"{http.Request.Method} {http.Request.Path}";
        var error = status switch
        {
            404 => new OpenAIError($"Invalid URL ({request}): no such route.", "invalid_request_error", null, null),
            405 => new OpenAIError($"Method not allowed ({request}): this route does not accept {http.Request.Method}.", "invalid_request_error", null, "method_not_allowed"),
            // Routing answers 415 itself when a route declares what it accepts (uploads: multipart).
            415 => new OpenAIError($"Unsupported Content-Type '{http.Request.ContentType ?? "(none)"}' for {request}. Uploads take multipart/form-data; other bodies application/json.", "invalid_request_error", null, "unsupported_media_type"),
            _ when status >= 500 => new OpenAIError("The server had an error while processing your request.", "server_error", null, null),
            _ => new OpenAIError($"Request failed with status {status} ({request}).", "invalid_request_error", null, null),
        };
        return new MappedError(status, error).WriteAsync(http);
    }
}

using System.Diagnostics;

namespace OpenFineTune.Server.Api.Common;

/// <summary>
/// Gives every response an <c>x-request-id</c> and <c>openai-processing-ms</c> (the SDKs show the id in errors),
/// puts the id in the logging scope, and logs one structured line per request.
/// </summary>
public static class RequestContext
{
    const string IdKey = "OpenFineTune.RequestId";

    public static string IdOf(HttpContext http) => http.Items[IdKey] as string ?? http.TraceIdentifier;

    public static IApplicationBuilder UseRequestContext(this IApplicationBuilder app) => app.Use(Handle);

    static async Task Handle(HttpContext http, RequestDelegate next)
    {
        var requestId = "req_" + Guid.NewGuid().ToString("N");
        http.Items[IdKey] = requestId;
        var clock = Stopwatch.StartNew();
        http.Response.OnStarting(() =>
        {
            http.Response.Headers["x-request-id"] = requestId;
            http.Response.Headers["openai-processing-ms"] = ((long)clock.Elapsed.TotalMilliseconds).ToString();
            return Task.CompletedTask;
        });
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OpenFineTune.Requests");
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId }))
        {
            try { await next(http); }
            finally
            {
                logger.LogInformation("{Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms (request {RequestId})",
                    http.Request.Method, http.Request.Path.Value, http.Response.StatusCode, clock.Elapsed.TotalMilliseconds, requestId);
            }
        }
    }
}

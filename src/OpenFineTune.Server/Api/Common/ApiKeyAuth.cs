using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenFineTune.Server.Hosting;

namespace OpenFineTune.Server.Api.Common;

/// <summary>
/// When keys are configured, every <c>/v1</c> request (known route or not) needs <c>Authorization: Bearer KEY</c>.
/// Keys are compared as SHA-256 digests with a fixed-time comparison, so neither content nor length leaks through timing.
/// </summary>
public static class ApiKeyAuth
{
    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app, PathString protectedPrefix)
    {
        var keys = app.ApplicationServices.GetRequiredService<IOptions<ServerOptions>>().Value.EffectiveApiKeys;
        if (keys.Count == 0) return app;
        var digests = keys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToList();
        return app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments(protectedPrefix) || IsAllowed(http.Request, digests)) { await next(http); return; }
            await new MappedError(401, new OpenAIError(
                "Incorrect API key provided. Send one of this server's keys as 'Authorization: Bearer KEY'.",
                "invalid_request_error", null, "invalid_api_key")).WriteAsync(http);
        });
    }

    static bool IsAllowed(HttpRequest request, List<byte[]> digests)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        bool match = false;
        foreach (var digest in digests) match |= CryptographicOperations.FixedTimeEquals(given, digest);
        return match;
    }
}

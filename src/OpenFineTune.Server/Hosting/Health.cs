namespace OpenFineTune.Server.Hosting;

/// <summary><c>GET /health</c>: 200 once the server takes requests. Outside /v1, so it needs no API key.</summary>
public static class Health
{
    public sealed record HealthStatus(string Status);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok"))).WithTags("Health");
        return app;
    }
}

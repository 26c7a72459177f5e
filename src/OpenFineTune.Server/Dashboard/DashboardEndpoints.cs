using Microsoft.Extensions.FileProviders;

namespace OpenFineTune.Server.Dashboard;

/// <summary>
/// The web dashboard: <c>GET /</c> is its page, <c>/dashboard/*</c> its scripts and styles, all embedded in this
/// assembly. Public, like /health: the page holds no data; everything it shows comes from /v1 with the user's key.
/// </summary>
public static class DashboardEndpoints
{
    const string AssetPath = "/dashboard";
    static readonly EmbeddedFileProvider Assets = new(typeof(DashboardEndpoints).Assembly, "OpenFineTune.Server.Dashboard.Assets");

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = Assets,
            RequestPath = AssetPath,
            // Revalidate every time (ETag), so a server upgrade never runs new HTML with cached old scripts.
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.MapGet("/", Index).ExcludeFromDescription();
        return app;
    }

    static IResult Index(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Stream(Assets.GetFileInfo("index.html").CreateReadStream(), "text/html; charset=utf-8");
    }
}

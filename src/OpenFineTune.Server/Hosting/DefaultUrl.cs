namespace OpenFineTune.Server.Hosting;

/// <summary>
/// Listens on http://127.0.0.1:8000 unless --urls, ASPNETCORE_URLS or the ports settings say otherwise. (A "Urls"
/// entry in appsettings.json would silently beat ASPNETCORE_URLS, which is why the default lives here.)
/// </summary>
public static class DefaultUrl
{
    public const string Value = "http://127.0.0.1:8000";

    public static WebApplicationBuilder UseDefaultUrlUnlessConfigured(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        bool configured = new[] { "urls", "http_ports", "https_ports" }.Any(key => !string.IsNullOrEmpty(config[key]));
        if (!configured) builder.WebHost.UseUrls(Value);
        return builder;
    }
}

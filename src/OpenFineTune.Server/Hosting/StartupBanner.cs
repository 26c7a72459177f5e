using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Server.Hosting;

/// <summary>Once listening, prints where the server is, where its state is, and what it serves (one line each,
/// on stdout, so scripts can read the bound URL when started with port 0).</summary>
public static class StartupBanner
{
    public static void PrintStartupBanner(this WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var options = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var models = app.Services.GetRequiredService<IBaseModelCatalog>().BaseModels.Select(m => m.Id);
        Console.Out.WriteLine($"OpenFineTune listening on: {string.Join(", ", addresses)}");
        Console.Out.WriteLine($"OpenFineTune data dir: {options.DataDirFullPath}");
        Console.Out.WriteLine($"OpenFineTune models: {string.Join(", ", models)}");
        Console.Out.WriteLine($"OpenFineTune API keys: {(options.EffectiveApiKeys.Count == 0 ? "none (auth off)" : options.EffectiveApiKeys.Count + " configured")}");
        Console.Out.Flush();
    });
}

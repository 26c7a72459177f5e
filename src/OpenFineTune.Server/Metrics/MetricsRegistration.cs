using OpenFineTune.Engine.Generation;
using OpenTelemetry.Metrics;

namespace OpenFineTune.Server.Metrics;

/// <summary>
/// <c>/metrics</c> in Prometheus text format through OpenTelemetry's exporter: ASP.NET Core's request metrics
/// (route, method, status) and the <see cref="ServerMeter"/> instruments. Public like <c>/health</c>: Prometheus
/// scrapes without credentials by default, and the page carries counts and model ids, never request content.
/// </summary>
public static class MetricsRegistration
{
    public const string Path = "/metrics";

    /// <summary>Call after AddEngine(): it wraps the registered ITextGenerator with <see cref="MeteredTextGenerator"/>.</summary>
    public static IServiceCollection AddServerMetrics(this IServiceCollection services)
    {
        DecorateTextGenerator(services);
        services.AddHostedService<StateGauges>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", ServerMeter.Name)
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(Path).WithTags("Metrics").ExcludeFromDescription();
        return app;
    }

    static void DecorateTextGenerator(IServiceCollection services)
    {
        var registration = services.LastOrDefault(s => s.ServiceType == typeof(ITextGenerator))
            ?? throw new InvalidOperationException("AddServerMetrics() needs an ITextGenerator registered first (AddEngine()).");
        services.Remove(registration);
        services.AddSingleton<ITextGenerator>(sp => new MeteredTextGenerator(Create(registration, sp)));
    }

    static ITextGenerator Create(ServiceDescriptor registration, IServiceProvider sp) => (ITextGenerator)(
        registration.ImplementationInstance
        ?? registration.ImplementationFactory?.Invoke(sp)
        ?? ActivatorUtilities.CreateInstance(sp, registration.ImplementationType!));
}

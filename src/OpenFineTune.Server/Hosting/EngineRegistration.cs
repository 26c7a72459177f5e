using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Server.Hosting;

/// <summary>
/// Registers the inference engine: one <see cref="ModelRegistry"/> (the base-model catalog and the adapter registry)
/// and the <see cref="ITextGenerator"/> over it. Call before any fallback catalog registration. Models load when the
/// host starts, so a bad model directory stops start-up with an error naming the file.
/// </summary>
public static class EngineRegistration
{
    const string Section = "OpenFineTune";

    /// <summary>Engine options from the <c>OpenFineTune</c> configuration section (the keys of ServerOptions plus the engine's own).</summary>
    public static IServiceCollection AddEngine(this IServiceCollection services) =>
        services.AddEngine(sp => FromConfiguration(sp.GetRequiredService<IConfiguration>().GetSection(Section)));

    /// <summary>Engine options from a factory (tests, or a host that builds them itself).</summary>
    public static IServiceCollection AddEngine(this IServiceCollection services, Func<IServiceProvider, EngineOptions> options)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp => new ModelRegistry(sp.GetRequiredService<EngineOptions>(), HubLog(sp)));
        services.AddSingleton<IBaseModelCatalog>(sp => sp.GetRequiredService<ModelRegistry>());
        services.AddSingleton<IAdapterRegistry>(sp => sp.GetRequiredService<ModelRegistry>());
        services.AddSingleton<ITextGenerator>(sp => new TextGenerator(sp.GetRequiredService<ModelRegistry>()));
        services.AddHostedService<EngineStartup>();
        return services;
    }

    /// <summary>
    /// Keys: DataDir, Models, ModelAliases (as ServerOptions), and Adapters (<c>NAME=PATH[@BASE]</c>), Device, Dtype,
    /// Threads, MaxLoadedAdapters, MaxLoadedAdapterBytes.
    /// </summary>
    public static EngineOptions FromConfiguration(IConfiguration section)
    {
        var defaults = new EngineOptions();
        return new EngineOptions
        {
            DataDir = section["DataDir"] ?? "./data",
            Models = List(section, "Models"),
            ModelAliases = List(section, "ModelAliases"),
            Adapters = List(section, "Adapters"),
            Device = section["Device"] ?? defaults.Device,
            Dtype = section["Dtype"] ?? defaults.Dtype,
            Threads = section.GetValue("Threads", defaults.Threads),
            MaxLoadedAdapters = section.GetValue("MaxLoadedAdapters", defaults.MaxLoadedAdapters),
            MaxLoadedAdapterBytes = section.GetValue("MaxLoadedAdapterBytes", defaults.MaxLoadedAdapterBytes),
        };
    }

    /// <summary>Hugging Face download progress, on the log under the "OpenFineTune.Hub" category.</summary>
    static Action<string> HubLog(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("OpenFineTune.Hub");
        return message => logger.LogInformation("{Message}", message);
    }

    static List<string> List(IConfiguration section, string key) =>
        section.GetSection(key).GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0).ToList();

    /// <summary>Loads the models when the host starts rather than on the first request.</summary>
    sealed class EngineStartup(ModelRegistry registry, ILogger<EngineStartup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var model in registry.BaseModels) logger.LogInformation("Serving {Model} from {Source}", model.Id, model.Source);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

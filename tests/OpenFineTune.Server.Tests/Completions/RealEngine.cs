using Microsoft.Extensions.DependencyInjection;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Server.Hosting;

namespace OpenFineTune.Server.Tests.Completions;

/// <summary>An app on the real engine: the given model directories through the model options, or the built-in model.</summary>
static class RealEngine
{
    public static string Stories260k => Path.Combine(TestPaths.Fixtures, "reference-models", "stories260k", "hf");

    public static OpenFineTuneApp App(params string[] models)
    {
        var settings = models.Select((m, i) => (Key: $"OpenFineTune:Models:{i}", Value: m)).ToDictionary(kv => kv.Key, kv => kv.Value);
        return new OpenFineTuneApp(settings, services =>
        {
            // Program.cs may already call AddEngine(); register it here only when it does not.
            if (!services.Any(d => d.ServiceType == typeof(ModelRegistry))) services.AddEngine();
        });
    }
}

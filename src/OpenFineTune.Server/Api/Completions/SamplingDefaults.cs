using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Server.Api.Completions;

/// <summary>
/// A model's own sampling defaults (its generation_config.json), applied between the request's values and OpenAI's
/// defaults: "request → model default → OpenAI default", as vLLM does.
/// </summary>
public sealed record SamplingDefaults(double? Temperature, double? TopP)
{
    public static readonly SamplingDefaults None = new(null, null);

    /// <summary>OpenAI's defaults: temperature 1, top_p 1.</summary>
    public const double OpenAITemperature = 1, OpenAITopP = 1;

    /// <summary>The defaults of the model an id names; none when the engine does not know it (Prepare then says so).</summary>
    public static SamplingDefaults Of(IServiceProvider services, string model)
    {
        if (services.GetService<ModelRegistry>() is not { } registry) return None;
        try
        {
            var generation = registry.Resolve(model).Base.Generation;
            return new SamplingDefaults(generation.Temperature, generation.TopP);
        }
        catch (ModelNotFoundException) { return None; }
    }

    public float TemperatureOr(double? requested) => (float)(requested ?? Temperature ?? OpenAITemperature);

    public float TopPOr(double? requested) => (float)(requested ?? TopP ?? OpenAITopP);
}

using System.Globalization;
using System.Text.Json;
using OpenFineTune.Engine.Generation;

namespace OpenFineTune.Server.Api.Completions;

/// <summary>The sampling fields chat and legacy completions share: how each is checked, and its engine form.</summary>
public static class SamplingFields
{
    public const int MaxStops = 4;

    /// <summary><c>stop</c>: null, a string, or an array of 1…4 strings. Returns the problem, or null when fine.</summary>
    public static string? StopProblem(JsonElement? stop) => stop switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.String } => null,
        { ValueKind: JsonValueKind.Array } a when a.GetArrayLength() is 0 or > MaxStops =>
            $"'stop' may hold 1 to {MaxStops} sequences; got {a.GetArrayLength()}.",
        { ValueKind: JsonValueKind.Array } a when a.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String) =>
            "'stop' must be a string or an array of strings.",
        { ValueKind: JsonValueKind.Array } => null,
        _ => "'stop' must be a string or an array of strings.",
    };

    /// <summary>The stop sequences, empty ones dropped (they would match everywhere).</summary>
    public static IReadOnlyList<string>? Stops(JsonElement? stop)
    {
        var all = stop switch
        {
            { ValueKind: JsonValueKind.String } s => [s.GetString()!],
            { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Select(s => s.GetString()!).ToList(),
            _ => new List<string>(),
        };
        var kept = all.Where(s => s.Length > 0).ToList();
        return kept.Count == 0 ? null : kept;
    }

    /// <summary><c>logit_bias</c>: token ids as string keys, values −100…100.</summary>
    public static string? LogitBiasProblem(Dictionary<string, double>? bias)
    {
        foreach (var (key, value) in bias ?? [])
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                return $"'logit_bias' keys must be token ids (non-negative integers as strings); got \"{key}\".";
            if (value is < -100 or > 100)
                return $"'logit_bias' values must be between -100 and 100; token {key} has {value}.";
        }
        return null;
    }

    public static Dictionary<int, float>? LogitBias(Dictionary<string, double>? bias) =>
        bias?.ToDictionary(kv => int.Parse(kv.Key, CultureInfo.InvariantCulture), kv => (float)kv.Value);

    /// <summary>
    /// Request → model default → OpenAI default, once. top_p 0 (allowed by OpenAI, not a nucleus) means "only the
    /// most likely token", which is greedy decoding.
    /// </summary>
    public static SamplingOptions Sampling(SamplingDefaults defaults, double? temperature, double? topP,
        double? presencePenalty, double? frequencyPenalty, Dictionary<string, double>? logitBias, long? seed)
    {
        var p = defaults.TopPOr(topP);
        return new SamplingOptions(
            temperature: p <= 0 ? 0 : defaults.TemperatureOr(temperature),
            topP: p <= 0 ? 1 : p,
            presencePenalty: (float)(presencePenalty ?? 0),
            frequencyPenalty: (float)(frequencyPenalty ?? 0),
            logitBias: LogitBias(logitBias),
            seed: seed is { } s ? unchecked((ulong)s) : null);
    }
}

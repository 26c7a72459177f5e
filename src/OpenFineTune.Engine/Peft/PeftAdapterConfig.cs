using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenFineTune.Engine.Peft;

/// <summary>
/// adapter_config.json as PEFT's LoraConfig writes it (field names and defaults of peft/tuners/lora/config.py).
/// Fields this engine does not implement are kept so a file round-trips, and refused when set (see <see cref="ToSettings"/>).
/// </summary>
public sealed record PeftAdapterConfig
{
    [JsonPropertyName("alpha_pattern")] public Dictionary<string, JsonElement> AlphaPattern { get; init; } = [];
    [JsonPropertyName("auto_mapping")] public JsonElement? AutoMapping { get; init; }
    [JsonPropertyName("base_model_name_or_path")] public string? BaseModelNameOrPath { get; init; }
    [JsonPropertyName("bias")] public string Bias { get; init; } = "none";
    [JsonPropertyName("fan_in_fan_out")] public bool FanInFanOut { get; init; }
    [JsonPropertyName("inference_mode")] public bool InferenceMode { get; init; } = true;
    [JsonPropertyName("init_lora_weights")] public JsonElement? InitLoraWeights { get; init; } = JsonSerializer.SerializeToElement(true);
    [JsonPropertyName("layers_pattern")] public JsonElement? LayersPattern { get; init; }
    [JsonPropertyName("layers_to_transform")] public JsonElement? LayersToTransform { get; init; }
    [JsonPropertyName("lora_alpha")] public double LoraAlpha { get; init; } = 8;
    [JsonPropertyName("lora_dropout")] public double LoraDropout { get; init; }
    [JsonPropertyName("modules_to_save")] public JsonElement? ModulesToSave { get; init; }
    [JsonPropertyName("peft_type")] public string PeftType { get; init; } = "LORA";
    [JsonPropertyName("r")] public int R { get; init; } = 8;
    [JsonPropertyName("rank_pattern")] public Dictionary<string, JsonElement> RankPattern { get; init; } = [];
    [JsonPropertyName("revision")] public string? Revision { get; init; }

    /// <summary>A list of module names, or a string: "all-linear" or a regular expression over module paths.</summary>
    [JsonPropertyName("target_modules")] public JsonElement TargetModules { get; init; }

    [JsonPropertyName("task_type")] public string? TaskType { get; init; } = "CAUSAL_LM";
    [JsonPropertyName("use_dora")] public bool UseDora { get; init; }
    [JsonPropertyName("use_rslora")] public bool UseRsLora { get; init; }

    /// <summary>The config PEFT would write for these settings and the modules actually adapted.</summary>
    public static PeftAdapterConfig From(LoraSettings settings, string? baseModelNameOrPath) => new()
    {
        BaseModelNameOrPath = baseModelNameOrPath,
        LoraAlpha = settings.Alpha,
        LoraDropout = settings.Dropout,
        R = settings.Rank,
        TargetModules = TargetsJson(settings.NormalizedTargets()),
        UseRsLora = settings.UseRsLora,
    };

    /// <summary>LoRA settings for this config; throws naming the file and field for anything not supported.</summary>
    public LoraSettings ToSettings(string file, BaseQuantization quantization)
    {
        Require(file, PeftType == "LORA", "peft_type", $"\"LORA\", got \"{PeftType}\"");
        Require(file, Bias == "none", "bias", $"\"none\" (bias training is not supported), got \"{Bias}\"");
        Require(file, !FanInFanOut, "fan_in_fan_out", "false (Conv1D-style weights are not supported)");
        Require(file, !UseDora, "use_dora", "false (DoRA is not supported)");
        Require(file, RankPattern.Count == 0 && AlphaPattern.Count == 0, "rank_pattern/alpha_pattern", "empty (per-module ranks are not supported)");
        Require(file, IsNull(ModulesToSave), "modules_to_save", "null (fully trained extra modules are not supported)");
        Require(file, IsNull(LayersToTransform), "layers_to_transform", "null (layer subsets are not supported)");
        return new LoraSettings
        {
            Rank = R, Alpha = LoraAlpha, Dropout = LoraDropout, UseRsLora = UseRsLora,
            TargetModules = TargetNames(file), Quantization = quantization,
        };
    }

    IReadOnlyList<string> TargetNames(string file) => TargetModules.ValueKind switch
    {
        JsonValueKind.Array => TargetModules.EnumerateArray().Select(e => e.GetString()!).ToList(),
        JsonValueKind.String when TargetModules.GetString() == "all-linear" => LoraSettings.AllProjections,
        JsonValueKind.String => [LoraSettings.RegexPrefix + TargetModules.GetString()],
        _ => throw new Models.ModelLoadException(file, "target_modules: expected a list of module names or a string"),
    };

    // PEFT writes a list of names, or the pattern string itself.
    static JsonElement TargetsJson(IReadOnlyList<string> targets) =>
        targets is [var only] && only.StartsWith(LoraSettings.RegexPrefix, StringComparison.Ordinal)
            ? JsonSerializer.SerializeToElement(only[LoraSettings.RegexPrefix.Length..])
            : JsonSerializer.SerializeToElement(targets.Order(StringComparer.Ordinal).ToList());

    static bool IsNull(JsonElement? e) => e is null || e.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    static void Require(string file, bool ok, string field, string expected)
    {
        if (!ok) throw new Models.ModelLoadException(file, $"{field}: expected {expected}");
    }
}

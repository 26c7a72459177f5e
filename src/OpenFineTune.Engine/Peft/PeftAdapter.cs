using System.Text.Json;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Peft;

/// <summary>
/// PEFT's adapter directory: adapter_config.json + adapter_model.safetensors with keys such as
/// <c>base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight</c>, readable by <c>PeftModel.from_pretrained</c>.
/// </summary>
public static class PeftAdapter
{
    public const string ConfigFile = "adapter_config.json";
    public const string WeightsFile = "adapter_model.safetensors";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes the adapters of <paramref name="injection"/> (tensors in their own dtype, float32 by default).</summary>
    public static void Save(string directory, LoraInjection injection, string? baseModelNameOrPath)
    {
        Directory.CreateDirectory(directory);
        var config = PeftAdapterConfig.From(injection.Settings, baseModelNameOrPath);
        File.WriteAllText(Path.Combine(directory, ConfigFile), JsonSerializer.Serialize(config, Json) + "\n");
        var tensors = injection.TrainableParameters.Select(p => new KeyValuePair<string, Tensor>(p.Key, p.Value.detach()));
        SafetensorsWriter.Write(Path.Combine(directory, WeightsFile), tensors,
            metadata: new Dictionary<string, string> { ["format"] = "pt" });
    }

    /// <summary>Reads adapter_config.json, with errors that name the file and the field.</summary>
    public static PeftAdapterConfig ReadConfig(string directory)
    {
        var path = Path.Combine(directory, ConfigFile);
        if (!File.Exists(path)) throw new ModelLoadException(path, "file not found (a PEFT adapter directory needs it)");
        try
        {
            return JsonSerializer.Deserialize<PeftAdapterConfig>(File.ReadAllText(path))
                ?? throw new ModelLoadException(path, "the file holds JSON null, expected an object");
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, $"not a valid adapter config at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Puts the adapter in <paramref name="directory"/> on <paramref name="model"/> (freshly loaded, without LoRA):
    /// injects LoRA as its config says and copies A/B. Every adapted module must receive both tensors and every
    /// tensor must find its module, or the error lists the names.
    /// </summary>
    public static LoraInjection Load(string directory, nn.Module model, BaseQuantization quantization = BaseQuantization.None)
    {
        var configPath = Path.Combine(directory, ConfigFile);
        var settings = ReadConfig(directory).ToSettings(configPath, quantization);
        var weightsPath = Path.Combine(directory, WeightsFile);
        using var file = new SafetensorsFile(weightsPath);
        var byKey = file.Names.ToDictionary(k => Canonical(weightsPath, k));
        var expected = LoraInjector.TargetPaths(model, settings)
            .SelectMany(p => new[] { PeftNames.Key(p, LoraLinear.LoraAWeight), PeftNames.Key(p, LoraLinear.LoraBWeight) });
        CheckKeysMatch(weightsPath, byKey.Keys, expected.ToList()); // before injecting, so a bad file leaves the model as it was
        var injection = LoraInjector.Inject(model, settings);
        foreach (var (key, parameter) in injection.TrainableParameters) file.CopyInto(byKey[key], parameter);
        return injection;
    }

    static string Canonical(string file, string key)
    {
        try
        {
            var (path, tensor) = PeftNames.Parse(key);
            return PeftNames.Key(path, tensor);
        }
        catch (FormatException e) { throw new ModelLoadException(file, e.Message, e); }
    }

    static void CheckKeysMatch(string file, IEnumerable<string> stored, IEnumerable<string> expected)
    {
        var unexpected = stored.Except(expected).Order().ToList();
        var missing = expected.Except(stored).Order().ToList();
        if (unexpected.Count == 0 && missing.Count == 0) return;
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"missing {missing.Count} tensor(s): {string.Join(", ", missing.Take(5))}");
        if (unexpected.Count > 0) parts.Add($"unexpected {unexpected.Count} tensor(s) for this model: {string.Join(", ", unexpected.Take(5))}");
        throw new ModelLoadException(file, string.Join("; ", parts));
    }
}

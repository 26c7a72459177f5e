using System.Globalization;
using System.Text.Json;
using OpenFineTune.Engine.Training;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Jobs;

namespace OpenFineTune.Server.Api.FineTuning;

/// <summary>A hyperparameters object read: OpenAI's three, our LoRA extensions, and each given key's value (to compare copies).</summary>
public sealed record ReadHyperparameters(HyperparameterChoices Choices, LoraChoices Lora, IReadOnlyDictionary<string, string> Given);

/// <summary>
/// Reads <c>hyperparameters</c> / <c>method.supervised.hyperparameters</c>: <c>n_epochs</c>, <c>batch_size</c>,
/// <c>learning_rate_multiplier</c> ("auto" or a number) and the documented extensions <c>lora_r</c>, <c>lora_alpha</c>,
/// <c>lora_dropout</c>, <c>target_modules</c>, <c>quantization</c> (<c>nf4</c>|<c>none</c>), <c>gradient_checkpointing</c>
/// (true|false). Any other key is a 400.
/// </summary>
public static class HyperparameterReader
{
    static readonly string[] Known = ["n_epochs", "batch_size", "learning_rate_multiplier", "lora_r", "lora_alpha", "lora_dropout", "target_modules", "quantization", "gradient_checkpointing"];

    public static ReadHyperparameters Read(JsonElement? value, string path)
    {
        if (value is not { ValueKind: not JsonValueKind.Null } obj) return new(HyperparameterChoices.Auto, new LoraChoices(), new Dictionary<string, string>());
        if (obj.ValueKind != JsonValueKind.Object) throw Bad(path, $"expected an object; got {obj.GetRawText()}");
        var given = new Dictionary<string, string>();
        foreach (var p in obj.EnumerateObject())
        {
            if (!Known.Contains(p.Name))
                throw Bad($"{path}.{p.Name}", $"unknown hyper-parameter; expected one of {string.Join(", ", Known)}");
            given[p.Name] = Canonical(p.Value);
        }
        var problems = new List<HyperparameterProblem>();
        var choices = AutoHyperparameters.Parse(Get(obj, "n_epochs"), Get(obj, "batch_size"), Get(obj, "learning_rate_multiplier"), problems);
        if (problems is [var first, ..]) throw Bad($"{path}.{first.Param}", first.Message);
        return new(choices, ReadLora(obj, path), given);
    }

    static LoraChoices ReadLora(JsonElement obj, string path) => new(
        Integer(obj, "lora_r", 1, 1024, path), Integer(obj, "lora_alpha", 1, 4096, path), Dropout(obj, path),
        TargetModules(obj, path), Quantization(obj, path), GradientCheckpointing(obj, path));

    static int? Integer(JsonElement obj, string name, int min, int max, string path)
    {
        if (Get(obj, name) is not { ValueKind: not JsonValueKind.Null } v) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= min && n <= max) return n;
        throw Bad($"{path}.{name}", $"expected an integer from {min} to {max}; got {v.GetRawText()}");
    }

    static double? Dropout(JsonElement obj, string path)
    {
        if (Get(obj, "lora_dropout") is not { ValueKind: not JsonValueKind.Null } v) return null;
        if (v.ValueKind == JsonValueKind.Number && v.GetDouble() is >= 0 and < 1) return v.GetDouble();
        throw Bad($"{path}.lora_dropout", $"expected a number from 0 up to (not including) 1; got {v.GetRawText()}");
    }

    static List<string>? TargetModules(JsonElement obj, string path)
    {
        if (Get(obj, "target_modules") is not { ValueKind: not JsonValueKind.Null } v) return null;
        if (v.ValueKind == JsonValueKind.String && v.GetString() is "all-linear" or "auto") return null;
        if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0
            && v.EnumerateArray().All(m => m.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(m.GetString())))
            return v.EnumerateArray().Select(m => m.GetString()!).ToList();
        throw Bad($"{path}.target_modules", $"expected \"all-linear\" or a non-empty list of module names such as [\"q_proj\",\"v_proj\"]; got {v.GetRawText()}");
    }

    static string? Quantization(JsonElement obj, string path)
    {
        if (Get(obj, "quantization") is not { ValueKind: not JsonValueKind.Null } v) return null;
        if (v.ValueKind == JsonValueKind.String && v.GetString() is LoraChoices.Nf4 or LoraChoices.NoQuantization) return v.GetString();
        throw Bad($"{path}.quantization", $"expected \"nf4\" (QLoRA) or \"none\" (plain LoRA); got {v.GetRawText()}");
    }

    static bool? GradientCheckpointing(JsonElement obj, string path)
    {
        if (Get(obj, "gradient_checkpointing") is not { ValueKind: not JsonValueKind.Null } v) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        throw Bad($"{path}.gradient_checkpointing", $"expected true or false; got {v.GetRawText()}");
    }

    static JsonElement? Get(JsonElement obj, string name) => obj.TryGetProperty(name, out var v) ? v : null;

    /// <summary>Numbers compared by value (3 and 3.0 agree), everything else by its JSON text.</summary>
    static string Canonical(JsonElement v) => v.ValueKind == JsonValueKind.Number
        ? v.GetDouble().ToString("R", CultureInfo.InvariantCulture) : v.GetRawText();

    static InvalidRequestException Bad(string param, string message) => new($"Invalid '{param}': {message}.", param);
}

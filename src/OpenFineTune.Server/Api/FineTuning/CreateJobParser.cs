using System.Text.Json;
using System.Text.RegularExpressions;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Jobs;

namespace OpenFineTune.Server.Api.FineTuning;

/// <summary>
/// Checks a create-job body field by field (notes §3.2) and turns it into a <see cref="JobSubmission"/>. The
/// deprecated top-level <c>hyperparameters</c> is copied into <c>method.supervised.hyperparameters</c>; both given
/// and disagreeing is a 400.
/// </summary>
public static partial class CreateJobParser
{
    const int MaxMetadataPairs = 16, MaxMetadataKey = 64, MaxMetadataValue = 512, MaxIntegrations = 5;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SuffixPattern();

    public static JobSubmission Parse(CreateJobRequest r)
    {
        var model = Required(r.Model, "model");
        var trainingFile = Required(r.TrainingFile, "training_file");
        if (r.Suffix is { } s && !SuffixPattern().IsMatch(s))
            throw new InvalidRequestException($"Invalid 'suffix': expected 1 to 64 characters, each a letter, digit, '-' or '_' (':' would break the model id); got \"{s}\".", "suffix");
        if (r.Seed is < 0 or > int.MaxValue)
            throw new InvalidRequestException($"Invalid 'seed': expected an integer from 0 to {int.MaxValue}; got {r.Seed}.", "seed");
        var hyper = Merge(HyperparameterReader.Read(r.Hyperparameters, "hyperparameters"), SupervisedHyperparameters(r.Method));
        return new JobSubmission(model, trainingFile, string.IsNullOrEmpty(r.ValidationFile) ? null : r.ValidationFile, r.Suffix,
            (int?)r.Seed, Metadata(r.Metadata), Integrations(r.Integrations), hyper.Choices, hyper.Lora);
    }

    static ReadHyperparameters SupervisedHyperparameters(JsonElement? method)
    {
        if (method is not { ValueKind: not JsonValueKind.Null } m) return HyperparameterReader.Read(null, "");
        if (m.ValueKind != JsonValueKind.Object) throw new InvalidRequestException("Invalid 'method': expected an object such as {\"type\":\"supervised\"}.", "method");
        var type = m.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "supervised";
        switch (type)
        {
            case "supervised": break;
            case "dpo": throw new InvalidRequestException("Invalid 'method.type': \"dpo\" (preference fine-tuning) is not supported yet by this server; use \"supervised\".", "method.type");
            case "reinforcement": throw new InvalidRequestException("Invalid 'method.type': \"reinforcement\" fine-tuning is not supported by this server; use \"supervised\".", "method.type");
            default: throw new InvalidRequestException($"Invalid 'method.type': expected \"supervised\"; got \"{type}\".", "method.type");
        }
        var supervised = m.TryGetProperty("supervised", out var sup) && sup.ValueKind == JsonValueKind.Object
            && sup.TryGetProperty("hyperparameters", out var h) ? h : (JsonElement?)null;
        return HyperparameterReader.Read(supervised, "method.supervised.hyperparameters");
    }

    static ReadHyperparameters Merge(ReadHyperparameters topLevel, ReadHyperparameters method)
    {
        foreach (var (key, value) in topLevel.Given)
            if (method.Given.TryGetValue(key, out var other) && other != value)
                throw new InvalidRequestException(
                    $"Invalid 'hyperparameters.{key}': {value} disagrees with method.supervised.hyperparameters.{key} = {other}; give it in one place (hyperparameters is deprecated).",
                    $"hyperparameters.{key}");
        if (topLevel.Given.Count == 0) return method;
        if (method.Given.Count == 0) return topLevel;
        return new(Pick(method.Choices, topLevel.Choices), Pick(method.Lora, topLevel.Lora), method.Given);
    }

    static Engine.Training.HyperparameterChoices Pick(Engine.Training.HyperparameterChoices a, Engine.Training.HyperparameterChoices b) =>
        new(a.NEpochs ?? b.NEpochs, a.BatchSize ?? b.BatchSize, a.LearningRateMultiplier ?? b.LearningRateMultiplier);

    static LoraChoices Pick(LoraChoices a, LoraChoices b) =>
        new(a.R ?? b.R, a.Alpha ?? b.Alpha, a.Dropout ?? b.Dropout, a.TargetModules ?? b.TargetModules, a.Quantization ?? b.Quantization,
            a.GradientCheckpointing ?? b.GradientCheckpointing);

    static Dictionary<string, string>? Metadata(JsonElement? metadata)
    {
        if (metadata is not { ValueKind: not JsonValueKind.Null } m) return null;
        const string rule = "expected at most 16 string pairs, keys up to 64 characters and values up to 512";
        if (m.ValueKind != JsonValueKind.Object) throw new InvalidRequestException($"Invalid 'metadata': {rule}.", "metadata");
        var pairs = new Dictionary<string, string>();
        foreach (var p in m.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String || p.Name.Length > MaxMetadataKey || p.Value.GetString()!.Length > MaxMetadataValue)
                throw new InvalidRequestException($"Invalid 'metadata.{p.Name}': {rule}.", "metadata");
            pairs[p.Name] = p.Value.GetString()!;
        }
        if (pairs.Count > MaxMetadataPairs) throw new InvalidRequestException($"Invalid 'metadata': {pairs.Count} pairs; {rule}.", "metadata");
        return pairs;
    }

    static string? Integrations(JsonElement? integrations)
    {
        if (integrations is not { ValueKind: not JsonValueKind.Null } i) return null;
        if (i.ValueKind != JsonValueKind.Array || i.GetArrayLength() > MaxIntegrations)
            throw new InvalidRequestException("Invalid 'integrations': expected an array of at most 5 integrations such as {\"type\":\"wandb\",\"wandb\":{\"project\":\"…\"}}.", "integrations");
        return i.GetArrayLength() == 0 ? null : i.GetRawText();
    }

    static string Required(string? value, string param) => string.IsNullOrEmpty(value)
        ? throw new InvalidRequestException($"Missing required parameter: '{param}'.", param) : value;
}

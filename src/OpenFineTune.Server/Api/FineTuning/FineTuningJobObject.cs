using System.Text.Json;
using OpenFineTune.Engine.Training;
using OpenFineTune.Server.Jobs;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.FineTuning;

/// <summary>The wire job, every field of https://platform.openai.com/docs/api-reference/fine-tuning/object (nulls sent).</summary>
public sealed record FineTuningJobObject
{
    public required string Id { get; init; }
    public string Object => "fine_tuning.job";
    public required long CreatedAt { get; init; }
    /// <summary>Null unless failed (the live API sends {}; see docs/api.md).</summary>
    public required JobError? Error { get; init; }
    public required string? FineTunedModel { get; init; }
    public required long? FinishedAt { get; init; }
    public required HyperparametersObject Hyperparameters { get; init; }
    public required string Model { get; init; }
    public required string OrganizationId { get; init; }
    public required IReadOnlyList<string> ResultFiles { get; init; }
    public required int Seed { get; init; }
    public required string Status { get; init; }
    public required int? TrainedTokens { get; init; }
    public required string TrainingFile { get; init; }
    public required string? ValidationFile { get; init; }
    public required JsonElement Integrations { get; init; }
    public required long? EstimatedFinish { get; init; }
    public required MethodObject Method { get; init; }
    public required IReadOnlyDictionary<string, string>? Metadata { get; init; }
    /// <summary>Not in the spec; the live API sends it and the .NET SDK reads it.</summary>
    public required string? UserProvidedSuffix { get; init; }
}

public sealed record JobError(string Code, string Message, string? Param);

/// <summary>Each value is "auto" or, once the job is past validating_files, the number it trains with.</summary>
public record HyperparametersObject(object BatchSize, object LearningRateMultiplier, object NEpochs);

/// <summary>The supervised hyper-parameters plus our LoRA extensions (resolved to their defaults when not given).</summary>
public sealed record SupervisedHyperparametersObject(object BatchSize, object LearningRateMultiplier, object NEpochs,
    int LoraR, int LoraAlpha, double LoraDropout, object TargetModules, string Quantization, bool GradientCheckpointing)
    : HyperparametersObject(BatchSize, LearningRateMultiplier, NEpochs);

public sealed record MethodObject(string Type, SupervisedMethod Supervised);

public sealed record SupervisedMethod(SupervisedHyperparametersObject Hyperparameters);

public static class FineTuningJobMapping
{
    static readonly JsonElement NoIntegrations = JsonDocument.Parse("[]").RootElement.Clone();

    public static FineTuningJobObject ToJobObject(this FineTuningJobRecord j, string organization)
    {
        var h = new HyperparametersObject(Auto(j.ResolvedBatchSize ?? j.BatchSize), Auto(j.ResolvedLearningRateMultiplier ?? j.LearningRateMultiplier), Auto(j.ResolvedNEpochs ?? j.NEpochs));
        var lora = new LoraChoices(j.LoraR, j.LoraAlpha, j.LoraDropout, j.TargetModules, j.Quantization);
        var supervised = new SupervisedHyperparametersObject(h.BatchSize, h.LearningRateMultiplier, h.NEpochs, lora.Rank, lora.AlphaOrDefault,
            lora.DropoutOrDefault, (object?)lora.TargetModules ?? "all-linear", lora.QuantizationOrDefault, j.GradientCheckpointing == true);
        return new()
        {
            Id = j.Id, CreatedAt = j.CreatedAt, Error = j.ErrorCode is null ? null : new(j.ErrorCode, j.ErrorMessage ?? "", j.ErrorParam),
            FineTunedModel = j.FineTunedModel, FinishedAt = j.FinishedAt, Hyperparameters = h, Model = j.Model,
            OrganizationId = $"org-{organization}", ResultFiles = j.ResultFiles, Seed = j.Seed, Status = j.Status,
            TrainedTokens = j.TrainedTokens, TrainingFile = j.TrainingFile, ValidationFile = j.ValidationFile,
            Integrations = j.IntegrationsJson is null ? NoIntegrations : JsonDocument.Parse(j.IntegrationsJson).RootElement.Clone(),
            EstimatedFinish = j.Status == JobStatus.Running ? j.EstimatedFinish : null,
            Method = new("supervised", new(supervised)), Metadata = j.Metadata, UserProvidedSuffix = j.Suffix,
        };
    }

    static object Auto(int? value) => value is { } v ? v : "auto";

    static object Auto(double? value) => value is { } v ? v : "auto";
}

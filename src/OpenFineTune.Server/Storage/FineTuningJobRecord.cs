namespace OpenFineTune.Server.Storage;

/// <summary>
/// A fine-tuning job as stored: the request (validated), its resolved numbers once past validation, and its
/// progress. Flat on purpose (one LiteDB document, one row elsewhere); the wire shape is built from it.
/// </summary>
public sealed record FineTuningJobRecord : IStoredRecord
{
    public required string Id { get; init; }
    public required long CreatedAt { get; init; }
    public required string Status { get; init; }

    /// <summary>The model as requested (an id, an alias or an ft: model); echoed in <c>model</c> and the ft: id.</summary>
    public required string Model { get; init; }
    /// <summary>The catalog id of the base model the adapter trains on.</summary>
    public required string BaseModelId { get; init; }
    /// <summary>The ft: model this job continues from, when <see cref="Model"/> is one.</summary>
    public string? ParentModel { get; init; }

    public required string TrainingFile { get; init; }
    public string? ValidationFile { get; init; }
    public string? Suffix { get; init; }
    public required int Seed { get; init; }
    public Dictionary<string, string>? Metadata { get; init; }
    /// <summary>The request's <c>integrations</c> array as JSON text, echoed unchanged.</summary>
    public string? IntegrationsJson { get; init; }

    // Requested hyper-parameters (null = "auto") and LoRA extensions (null = default).
    public int? NEpochs { get; init; }
    public int? BatchSize { get; init; }
    public double? LearningRateMultiplier { get; init; }
    public int? LoraR { get; init; }
    public int? LoraAlpha { get; init; }
    public double? LoraDropout { get; init; }
    public List<string>? TargetModules { get; init; }
    public string? Quantization { get; init; }
    public bool? GradientCheckpointing { get; init; }

    /// <summary>Filled when the job leaves validating_files.</summary>
    public int? ResolvedNEpochs { get; init; }
    public int? ResolvedBatchSize { get; init; }
    public double? ResolvedLearningRateMultiplier { get; init; }

    public string? FineTunedModel { get; init; }
    public long? FinishedAt { get; init; }
    public long? EstimatedFinish { get; init; }
    public int? TrainedTokens { get; init; }
    public List<string> ResultFiles { get; init; } = [];
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public string? ErrorParam { get; init; }

    string? IStoredRecord.ListKey => null;
}

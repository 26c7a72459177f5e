using System.Text.Json;
using System.Text.Json.Serialization;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.FineTuning;

/// <summary>https://platform.openai.com/docs/api-reference/fine-tuning/event-object</summary>
public sealed record FineTuningEventObject(string Id, long CreatedAt, string Level, string Message, string Type, JsonElement Data)
{
    public string Object => "fine_tuning.job.event";
}

/// <summary>https://platform.openai.com/docs/api-reference/fine-tuning/checkpoint-object</summary>
public sealed record FineTuningCheckpointObject(string Id, long CreatedAt, string FineTunedModelCheckpoint, string FineTuningJobId,
    int StepNumber, CheckpointMetrics Metrics)
{
    public string Object => "fine_tuning.job.checkpoint";
}

/// <summary>All optional floats in the spec (<c>step</c> too); validation ones only when a validation file exists.</summary>
public sealed record CheckpointMetrics(
    double Step, double TrainLoss, double TrainMeanTokenAccuracy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ValidLoss,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ValidMeanTokenAccuracy);

public static class FineTuningEventMapping
{
    static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement.Clone();

    public static FineTuningEventObject ToEventObject(this JobEventRecord e) => new(e.Id, e.CreatedAt, e.Level, e.Message, e.Type,
        e.DataJson is null ? Empty : JsonDocument.Parse(e.DataJson).RootElement.Clone());

    public static FineTuningCheckpointObject ToCheckpointObject(this CheckpointRecord c) => new(c.Id, c.CreatedAt, c.ModelId, c.JobId,
        c.StepNumber, new(c.StepNumber, c.TrainLoss, c.TrainMeanTokenAccuracy, c.ValidLoss, c.ValidMeanTokenAccuracy));
}

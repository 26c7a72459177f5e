namespace OpenFineTune.Server.Storage;

/// <summary>
/// A checkpoint a job saved (<c>ftckpt_…</c>): a servable adapter (<see cref="ModelId"/>, an ft:…:ckpt-step-N id)
/// and the trainer state a paused or interrupted job resumes from. <see cref="Directory"/> is relative to the data dir.
/// </summary>
public sealed record CheckpointRecord : IStoredRecord
{
    public required string Id { get; init; }
    public required long CreatedAt { get; init; }
    public required string JobId { get; init; }
    public required int StepNumber { get; init; }
    public required string ModelId { get; init; }
    public required string Directory { get; init; }
    public required double TrainLoss { get; init; }
    public required double TrainMeanTokenAccuracy { get; init; }
    public double? ValidLoss { get; init; }
    public double? ValidMeanTokenAccuracy { get; init; }

    string? IStoredRecord.ListKey => JobId;
}

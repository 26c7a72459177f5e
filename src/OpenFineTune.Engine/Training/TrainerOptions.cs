namespace OpenFineTune.Engine.Training;

/// <summary>
/// Engine settings of the trainer (not per job). A batch whose padded tokens exceed <see cref="MicroBatchTokens"/>
/// is run in micro-batches with gradient accumulation; sequences are cut at the model's context or
/// <see cref="MaxSequenceLength"/>, whichever is shorter. <see cref="ValidateEverySteps"/> 0 validates at epoch ends only.
/// </summary>
public sealed record TrainerOptions(
    int MicroBatchTokens = 4096,
    int MaxSequenceLength = 4096,
    double WarmupFraction = 0.05,
    double MaxGradNorm = 1.0,
    int ValidateEverySteps = 0)
{
    public static TrainerOptions Default { get; } = new();
}

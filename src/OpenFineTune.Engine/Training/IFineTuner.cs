using OpenFineTune.Engine.Datasets;
using OpenFineTune.Engine.Peft;

namespace OpenFineTune.Engine.Training;

/// <summary>
/// Everything one fine-tune needs, already validated. WorkDirectory holds checkpoints and the final adapter;
/// ResumeFrom is a checkpoint directory written by an earlier (paused or interrupted) run of the same spec;
/// ParentAdapter continues training an existing ft: adapter instead of starting a new one. Lora.Quantization picks
/// QLoRA (<see cref="BaseQuantization.Nf4"/>) or plain LoRA. GradientCheckpointing recomputes each decoder layer in
/// backward instead of keeping its activations (<see cref="Training.GradientCheckpointing"/>).
/// </summary>
public sealed record FineTuneSpec(
    string BaseModelDirectory,
    BaseModelKind BaseKind,
    IReadOnlyList<Conversation> Training,
    IReadOnlyList<Conversation> Validation,
    ResolvedHyperparameters Hyperparameters,
    LoraSettings Lora,
    int Seed,
    string WorkDirectory,
    string? ResumeFrom = null,
    string? ParentAdapter = null,
    bool GradientCheckpointing = false);

/// <summary>Per-step metrics with OpenAI's names (events, checkpoints and the result CSV use these).</summary>
public sealed record TrainingStepMetrics(int Step, int TotalSteps, double TrainLoss, double TrainMeanTokenAccuracy,
    double? ValidLoss, double? ValidMeanTokenAccuracy, long TrainedTokens);

/// <summary>A saved checkpoint: a servable PEFT adapter directory plus the state needed to resume from it.</summary>
public sealed record TrainingCheckpoint(int Step, int Epoch, string Directory, TrainingStepMetrics Metrics);

/// <summary>What a trainer reports while it runs; called on the training thread, so keep handlers short.</summary>
public interface IFineTuneObserver
{
    void OnMessage(string level, string message);
    void OnStep(TrainingStepMetrics metrics);
    void OnCheckpoint(TrainingCheckpoint checkpoint);
}

/// <summary>How a run ended: Completed (AdapterDirectory is the final adapter) or Paused (resume from LastCheckpoint).</summary>
public sealed record FineTuneResult(bool Completed, string? AdapterDirectory, TrainingCheckpoint? LastCheckpoint, long TrainedTokens);

/// <summary>
/// The training seam. Cancelling `cancel` stops within a step and throws OperationCanceledException (no model);
/// cancelling `pause` saves a checkpoint at the next step boundary and returns a Paused result.
/// Data problems that need the tokenizer (special tokens in content, over-long examples) surface as
/// TrainingDataException with OpenAI's error code and the line numbers.
/// </summary>
public interface IFineTuner
{
    Task<FineTuneResult> RunAsync(FineTuneSpec spec, IFineTuneObserver observer, CancellationToken pause, CancellationToken cancel);
}

/// <summary>A dataset problem found only once the tokenizer is known; the job fails with Code/Param/Message.</summary>
public sealed class TrainingDataException(string code, string param, string message) : Exception(message)
{
    public string Code { get; } = code;
    public string Param { get; } = param;
}

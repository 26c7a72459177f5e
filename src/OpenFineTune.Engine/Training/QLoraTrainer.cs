using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Peft;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Training;

/// <summary>
/// Supervised (Q)LoRA fine-tuning on CPU in float32, as a recipe: <see cref="Setup"/> (data, base model, adapters,
/// optimiser, resume) → <see cref="Train"/> (nanoGPT-style loop over <see cref="Step"/>) → <see cref="SaveCheckpoint"/>
/// at each epoch end and on pause → <see cref="Dispose"/>. Each run gets its own instance; the public one only starts runs.
/// </summary>
public sealed partial class QLoraTrainer(TrainerOptions? options = null) : IFineTuner, IDisposable
{
    public const string AdapterDirectoryName = "adapter";
    public const string CheckpointsDirectoryName = "checkpoints";

    readonly TrainerOptions options = options ?? TrainerOptions.Default;
    readonly FineTuneSpec spec = null!;
    readonly IFineTuneObserver observer = null!;
    CausalLM model = null!;
    LoraInjection injection = null!;
    LoraAdamW optimizer = null!;
    LrSchedule schedule = null!;
    BatchPlan plan = null!;
    SftDataset train = null!, valid = null!;
    int step, totalSteps;
    long trainedTokens;
    TrainingStepMetrics? lastMetrics;

    QLoraTrainer(TrainerOptions options, FineTuneSpec spec, IFineTuneObserver observer) : this(options)
    {
        (this.spec, this.observer) = (spec, observer);
    }

    public Task<FineTuneResult> RunAsync(FineTuneSpec spec, IFineTuneObserver observer, CancellationToken pause, CancellationToken cancel) =>
        Task.Run(() =>
        {
            using var run = new QLoraTrainer(options, spec, observer);
            run.Setup();
            return run.Train(pause, cancel);
        }, CancellationToken.None);

    FineTuneResult Train(CancellationToken pause, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        observer.OnMessage("info", step == 0 ? $"Training started: {totalSteps} steps, {train.Examples.Count} examples"
            : $"Training resumed at step {step} of {totalSteps}");
        while (step < totalSteps)
        {
            if (pause.IsCancellationRequested) return new(false, null, CheckpointForPause(), trainedTokens);
            var metrics = Step(cancel);
            var epochEnd = step % plan.StepsPerEpoch == 0;
            if (epochEnd || (options.ValidateEverySteps > 0 && step % options.ValidateEverySteps == 0)) metrics = WithValidation(metrics);
            observer.OnStep(lastMetrics = metrics);
            if (epochEnd) EndEpoch();
        }
        var adapter = Path.Combine(spec.WorkDirectory, AdapterDirectoryName);
        PeftAdapter.Save(adapter, injection, spec.BaseModelDirectory);
        observer.OnMessage("info", $"Training finished: {trainedTokens} tokens trained, adapter written");
        return new(true, adapter, lastCheckpoint, trainedTokens);
    }

    /// <summary>One optimiser step on the next batch: accumulate gradients over micro-batches, clip, AdamW.</summary>
    TrainingStepMetrics Step(CancellationToken cancel)
    {
        using var scope = NewDisposeScope();
        dropoutGenerator!.manual_seed(unchecked((long)spec.Seed * 1_000_003 + step)); // dropout depends on seed and step only
        var batch = plan.Batch(step / plan.StepsPerEpoch, step % plan.StepsPerEpoch).Select(i => train.Examples[i]).ToList();
        var targets = tensor((float)Math.Max(1, batch.Sum(e => e.Trained.Skip(1).Count(t => t))));
        optimizer.ZeroGrad();
        var (loss, correct, tokens) = (0.0, 0L, 0L);
        foreach (var micro in Collator.MicroBatches(batch, options.MicroBatchTokens))
        {
            cancel.ThrowIfCancellationRequested();
            var (inputs, next, mask) = Collator.Collate(micro, model.Device);
            var (lossSum, microCorrect, microTokens) = MaskedLmLoss.Compute(model, inputs, next, mask);
            (lossSum / targets).backward(); // the batch mean over trained tokens, however it is split
            (loss, correct, tokens) = (loss + lossSum.item<float>(), correct + microCorrect, tokens + microTokens);
        }
        nn.utils.clip_grad_norm_(injection.TrainableParameters.Values, options.MaxGradNorm);
        optimizer.Step(schedule.At(step));
        step++;
        trainedTokens += batch.Sum(e => e.Length);
        return new(step, totalSteps, loss / Math.Max(1, tokens), (double)correct / Math.Max(1, tokens), null, null, trainedTokens);
    }
}

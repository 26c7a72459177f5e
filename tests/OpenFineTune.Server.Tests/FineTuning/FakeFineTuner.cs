using OpenFineTune.Engine.Training;

namespace OpenFineTune.Server.Tests.FineTuning;

/// <summary>A trainer that only counts: one step per batch, a checkpoint per epoch (and on pause), a falling loss;
/// like the real one it refuses a special token typed in content.</summary>
sealed class FakeFineTuner(TimeSpan stepDelay = default) : IFineTuner
{
    public List<FineTuneSpec> Specs { get; } = [];

    public async Task<FineTuneResult> RunAsync(FineTuneSpec spec, IFineTuneObserver observer, CancellationToken pause, CancellationToken cancel)
    {
        lock (Specs) Specs.Add(spec);
        if (spec.Training.FirstOrDefault(c => c.Messages.Any(m => m.Content?.Contains("<|im_end|>") == true)) is { } bad)
            throw new TrainingDataException("invalid_training_file", "training_file", $"line {bad.Line}: contains the special token \"<|im_end|>\"");
        var h = spec.Hyperparameters;
        int step = spec.ResumeFrom is null ? 0 : int.Parse(File.ReadAllText(Path.Combine(spec.ResumeFrom, "step.txt")));
        TrainingCheckpoint? last = null;
        while (step < h.TotalSteps)
        {
            cancel.ThrowIfCancellationRequested();
            if (pause.IsCancellationRequested) return new(false, null, Checkpoint(spec, observer, step, h), step * 10L);
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(pause, cancel);
            if (stepDelay > TimeSpan.Zero) await Task.Delay(stepDelay, wake.Token).ContinueWith(_ => { });
            cancel.ThrowIfCancellationRequested();
            step++;
            observer.OnStep(Metrics(spec, step, h));
            if (step % h.StepsPerEpoch == 0) last = Checkpoint(spec, observer, step, h);
        }
        var adapter = Directory.CreateDirectory(Path.Combine(spec.WorkDirectory, "adapter")).FullName;
        File.WriteAllText(Path.Combine(adapter, "adapter_config.json"), "{}");
        return new(true, adapter, last, step * 10L);
    }

    static TrainingStepMetrics Metrics(FineTuneSpec spec, int step, ResolvedHyperparameters h) =>
        new(step, h.TotalSteps, 2.0 / step, Math.Min(1, step / (double)h.TotalSteps),
            spec.Validation.Count > 0 ? 3.0 / step : null, spec.Validation.Count > 0 ? 0.5 : null, step * 10L);

    static TrainingCheckpoint Checkpoint(FineTuneSpec spec, IFineTuneObserver observer, int step, ResolvedHyperparameters h)
    {
        var dir = Directory.CreateDirectory(Path.Combine(spec.WorkDirectory, $"checkpoint-{step}")).FullName;
        File.WriteAllText(Path.Combine(dir, "step.txt"), step.ToString());
        var checkpoint = new TrainingCheckpoint(step, step / h.StepsPerEpoch, dir, Metrics(spec, Math.Max(step, 1), h));
        observer.OnCheckpoint(checkpoint);
        return checkpoint;
    }
}

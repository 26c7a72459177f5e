using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Peft;
using TorchSharp;

namespace OpenFineTune.Engine.Training;

public sealed partial class QLoraTrainer
{
    TrainingCheckpoint? lastCheckpoint;
    // The run's own source of dropout masks: runs in parallel (or other torch work) cannot shift each other's.
    torch.Generator? dropoutGenerator;

    /// <summary>Tokenizes the data (failing on tokenizer-level problems), loads the base, puts LoRA on it, resumes if asked.</summary>
    void Setup()
    {
        var config = DecoderConfig.Load(Path.Combine(spec.BaseModelDirectory, ModelDirectory.ConfigFile));
        var builder = SftExampleBuilder.ForModel(spec.BaseModelDirectory, Math.Min(config.MaxPositionEmbeddings, options.MaxSequenceLength));
        train = SftDataset.Prepare(spec.Training, builder, "training_file");
        valid = SftDataset.Prepare(spec.Validation, builder, "validation_file");
        foreach (var warning in spec.Hyperparameters.Warnings.Concat(train.Warnings).Concat(valid.Warnings)) observer.OnMessage("warn", warning);
        model = ModelDirectory.Load(spec.BaseModelDirectory, "float32");
        injection = InjectAdapters();
        injection.UseDropoutGenerator(dropoutGenerator = new torch.Generator(0));
        if (spec.GradientCheckpointing) GradientCheckpointing.Enable(model, dropoutGenerator);
        optimizer = new LoraAdamW(injection.TrainableParameters); // weight decay 0: LoRA weights are not decayed
        plan = new BatchPlan(train.Examples.Select(e => e.Length).ToList(), spec.Hyperparameters.BatchSize, spec.Seed);
        totalSteps = plan.StepsPerEpoch * spec.Hyperparameters.NEpochs;
        schedule = new LrSchedule(spec.Hyperparameters.LearningRate, totalSteps, options.WarmupFraction);
        if (spec.ResumeFrom is { } checkpoint) Resume(checkpoint);
        model.train();
    }

    LoraInjection InjectAdapters()
    {
        if (spec.ParentAdapter is { } parent) return PeftAdapter.Load(parent, model, spec.Lora.Quantization);
        using var generator = new torch.Generator((ulong)spec.Seed); // LoRA A init from the seed
        return LoraInjector.Inject(model, spec.Lora, generator);
    }

    void Resume(string checkpoint)
    {
        var state = TrainerState.Restore(checkpoint, injection, optimizer);
        if (state.Seed != spec.Seed || state.TotalSteps != totalSteps)
            throw new InvalidOperationException($"{checkpoint} was written by a run with seed {state.Seed} and {state.TotalSteps} steps; this run has seed {spec.Seed} and {totalSteps} steps");
        (step, trainedTokens, lastMetrics) = (state.Step, state.TrainedTokens, state.Metrics);
        lastCheckpoint = state.Metrics is { } m ? new TrainingCheckpoint(state.Step, state.Epoch, checkpoint, m) : null;
    }

    void EndEpoch()
    {
        var checkpoint = SaveCheckpoint();
        observer.OnMessage("info", $"Epoch {checkpoint.Epoch}/{spec.Hyperparameters.NEpochs} done at step {step}; checkpoint saved");
    }

    /// <summary>A pause right after an epoch end (or a resume) reuses the checkpoint already saved for this step.</summary>
    TrainingCheckpoint CheckpointForPause() => lastCheckpoint is { } last && last.Step == step ? last : SaveCheckpoint();

    /// <summary>Writes the adapter and resume state for the current step under WorkDirectory/checkpoints/step-N.</summary>
    TrainingCheckpoint SaveCheckpoint()
    {
        var epoch = step == 0 ? 0 : (step - 1) / plan.StepsPerEpoch + 1;
        var metrics = lastMetrics ?? new TrainingStepMetrics(step, totalSteps, double.NaN, double.NaN, null, null, trainedTokens);
        var directory = Path.Combine(spec.WorkDirectory, CheckpointsDirectoryName, $"step-{step}");
        new TrainerState(step, epoch, totalSteps, spec.Seed, trainedTokens, metrics).Save(directory, injection, optimizer, spec.BaseModelDirectory);
        lastCheckpoint = new TrainingCheckpoint(step, epoch, directory, metrics);
        observer.OnCheckpoint(lastCheckpoint);
        return lastCheckpoint;
    }

    public void Dispose()
    {
        optimizer?.Dispose();
        dropoutGenerator?.Dispose();
        model?.Dispose();
    }
}

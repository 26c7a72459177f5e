using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Peft;
using TorchSharp;
using PeftLoraSettings = OpenFineTune.Engine.Peft.LoraSettings;

namespace OpenFineTune.Engine.Training;

public sealed partial class QLoraTrainer
{
    TrainingCheckpoint? lastCheckpoint;

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
        optimizer = new LoraAdamW(injection.TrainableParameters); // weight decay 0: LoRA weights are not decayed
        plan = new BatchPlan(train.Examples.Select(e => e.Length).ToList(), spec.Hyperparameters.BatchSize, spec.Seed);
        totalSteps = plan.StepsPerEpoch * spec.Hyperparameters.NEpochs;
        schedule = new LrSchedule(spec.Hyperparameters.LearningRate, totalSteps, options.WarmupFraction);
        if (spec.ResumeFrom is { } checkpoint) Resume(checkpoint);
        model.train();
    }

    LoraInjection InjectAdapters()
    {
        var quantization = spec.Lora.QuantizeNf4 ? BaseQuantization.Nf4 : BaseQuantization.None;
        if (spec.ParentAdapter is { } parent) return PeftAdapter.Load(parent, model, quantization);
        var settings = new PeftLoraSettings
        {
            Rank = spec.Lora.Rank, Alpha = spec.Lora.Alpha, Dropout = spec.Lora.Dropout, Quantization = quantization,
            TargetModules = spec.Lora.TargetModules ?? PeftLoraSettings.AllProjections,
        };
        using var generator = new torch.Generator((ulong)spec.Seed); // LoRA A init from the seed
        return LoraInjector.Inject(model, settings, generator);
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
        model?.Dispose();
    }
}

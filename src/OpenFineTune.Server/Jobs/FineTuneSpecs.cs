using OpenFineTune.Engine.Datasets;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Engine.Training;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Jobs;

/// <summary>A job failure the user can act on: <c>error.code</c>, <c>error.param</c> and the message.</summary>
public sealed class JobFailedException(string code, string? param, string message) : Exception(message)
{
    public string Code { get; } = code;
    public string? Param { get; } = param;
}

/// <summary>Turns a stored job into the engine's <see cref="FineTuneSpec"/>: snapshots → conversations, base model → directory and kind.</summary>
public sealed class FineTuneSpecs(JobPaths paths, BaseModelResolver models, JobStore jobs)
{
    public static HyperparameterChoices Choices(FineTuningJobRecord job) => new(
        job.ResolvedNEpochs ?? job.NEpochs, job.ResolvedBatchSize ?? job.BatchSize, job.ResolvedLearningRateMultiplier ?? job.LearningRateMultiplier);

    public BaseModelInfo BaseModel(FineTuningJobRecord job) => models.FindBase(job.BaseModelId)
        ?? throw new JobFailedException("model_not_available", "model", $"The base model {job.BaseModelId} is no longer served by this server.");

    public static BaseModelKind Kind(BaseModelInfo model) => model.IsBuiltIn ? BaseModelKind.BuiltIn : BaseModelKind.Pretrained;

    public IReadOnlyList<Conversation> Training(FineTuningJobRecord job) =>
        Read(paths.TrainingSnapshot(job.Id), "training_file", DatasetValidationOptions.Training);

    public IReadOnlyList<Conversation> Validation(FineTuningJobRecord job) => job.ValidationFile is null ? []
        : Read(paths.ValidationSnapshot(job.Id), "validation_file", DatasetValidationOptions.Validation);

    public async Task<FineTuneSpec> BuildAsync(FineTuningJobRecord job, CancellationToken ct)
    {
        var model = BaseModel(job);
        var training = Training(job);
        var resolved = AutoHyperparameters.Resolve(Choices(job), training.Count, Kind(model));
        var resume = (await jobs.CheckpointsAsync(job.Id, ct)).FirstOrDefault();
        return new FineTuneSpec(model.Source, Kind(model), training, Validation(job), resolved,
            new LoraChoices(job.LoraR, job.LoraAlpha, job.LoraDropout, job.TargetModules, job.Quantization).ToSettings(),
            job.Seed, paths.WorkDirectory(job.Id), resume is null ? null : paths.Absolute(resume.Directory), await ParentAdapterAsync(job, ct),
            GradientCheckpointing: job.GradientCheckpointing == true);
    }

    async Task<string?> ParentAdapterAsync(FineTuningJobRecord job, CancellationToken ct)
    {
        if (job.ParentModel is null) return null;
        var parent = await jobs.Records.FineTunedModels.FindAsync(job.ParentModel, ct)
            ?? throw new JobFailedException("model_not_available", "model", $"The model {job.ParentModel} this job continues was deleted.");
        return paths.Absolute(parent.AdapterPath);
    }

    static IReadOnlyList<Conversation> Read(string snapshot, string param, DatasetValidationOptions options)
    {
        if (!File.Exists(snapshot))
            throw new JobFailedException("invalid_training_file", param, $"The job's copy of its {param} is missing from the data dir ({snapshot}).");
        using var stream = File.OpenRead(snapshot);
        var result = DatasetValidator.Validate(stream, options);
        if (!result.IsValid) throw new JobFailedException(result.ErrorCode!, param, result.Describe());
        return result.Conversations;
    }
}

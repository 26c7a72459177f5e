using OpenFineTune.Engine.Datasets;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// Creates a job from a parsed request: resolves the model, checks the files, snapshots them into the job's
/// directory and validates them in full (a bad file is a 400 listing up to 20 lines; checks that need the
/// tokenizer fail the job later), then stores it as <c>validating_files</c> for the worker.
/// </summary>
public sealed class JobCreator(BaseModelResolver models, JobStore jobs, StoredFiles files, JobPaths paths, JobSignal signal)
{
    public const string IdPrefix = "ftjob-";
    const string FineTunePurpose = "fine-tune";

    public async Task<FineTuningJobRecord> CreateAsync(JobSubmission request, CancellationToken ct)
    {
        var model = await models.ResolveAsync(request.Model, ct);
        await CheckFileAsync(request.TrainingFile, "training_file", ct);
        if (request.ValidationFile is { } validation) await CheckFileAsync(validation, "validation_file", ct);
        var id = Ids.New(IdPrefix);
        try
        {
            await SnapshotAndValidateAsync(request.TrainingFile, paths.TrainingSnapshot(id), "training_file", DatasetValidationOptions.Training, ct);
            if (request.ValidationFile is { } v)
                await SnapshotAndValidateAsync(v, paths.ValidationSnapshot(id), "validation_file", DatasetValidationOptions.Validation, ct);
        }
        catch
        {
            Directory.Delete(paths.JobDirectory(id), recursive: true);
            throw;
        }
        var job = ToRecord(id, request, model);
        await jobs.Records.Jobs.AddAsync(job, CancellationToken.None);
        await jobs.AddEventAsync(id, "info", $"Created fine-tuning job: {id}");
        if (job.IntegrationsJson is not null)
            await jobs.AddEventAsync(id, "warn", "Integrations are stored but not called: this server does not reach Weights & Biases or other services.");
        signal.Notify();
        return job;
    }

    async Task CheckFileAsync(string fileId, string param, CancellationToken ct)
    {
        var file = await jobs.Records.Files.FindAsync(fileId, ct)
            ?? throw new InvalidRequestException($"Invalid {param}: no such file: {fileId}. Upload it with purpose 'fine-tune' first.", param);
        if (file.Purpose != FineTunePurpose)
            throw new InvalidRequestException($"Invalid {param}: {fileId} has purpose '{file.Purpose}', but fine-tuning needs a file uploaded with purpose 'fine-tune'.", param);
    }

    async Task SnapshotAndValidateAsync(string fileId, string snapshot, string param, DatasetValidationOptions options, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(snapshot)!);
        await using (var source = await files.OpenAsync(fileId, ct) ?? throw new InvalidRequestException($"Invalid {param}: no such file: {fileId}.", param))
        await using (var copy = File.Create(snapshot))
            await source.CopyToAsync(copy, ct);
        await using var read = File.OpenRead(snapshot);
        var result = DatasetValidator.Validate(read, options);
        if (!result.IsValid)
            throw new InvalidRequestException($"Invalid {param} {fileId}:\n{result.Describe()}", param, result.ErrorCode);
    }

    FineTuningJobRecord ToRecord(string id, JobSubmission r, ResolvedModel model) => new()
    {
        Id = id, CreatedAt = jobs.Now, Status = JobStatus.ValidatingFiles,
        Model = r.Model, BaseModelId = model.Base.Id, ParentModel = model.Parent?.Id,
        TrainingFile = r.TrainingFile, ValidationFile = r.ValidationFile, Suffix = r.Suffix,
        Seed = r.Seed ?? Random.Shared.Next(), Metadata = r.Metadata, IntegrationsJson = r.IntegrationsJson,
        NEpochs = r.Hyperparameters.NEpochs, BatchSize = r.Hyperparameters.BatchSize,
        LearningRateMultiplier = r.Hyperparameters.LearningRateMultiplier,
        LoraR = r.Lora.R, LoraAlpha = r.Lora.Alpha, LoraDropout = r.Lora.Dropout,
        TargetModules = r.Lora.TargetModules, Quantization = r.Lora.Quantization,
        GradientCheckpointing = r.Lora.GradientCheckpointing,
    };
}

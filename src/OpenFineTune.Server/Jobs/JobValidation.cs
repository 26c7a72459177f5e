using OpenFineTune.Engine.Training;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// The worker's <c>validating_files</c> step: reads the snapshots, resolves "auto" hyper-parameters (from now on
/// the job shows the numbers), reports the recipe's warnings, and moves the job to <c>queued</c>.
/// </summary>
public sealed class JobValidation(JobStore jobs, FineTuneSpecs specs, JobOutcomes outcomes)
{
    public async Task ValidateAsync(FineTuningJobRecord job)
    {
        await jobs.AddEventAsync(job.Id, "info", $"Validating training file: {job.TrainingFile}");
        if (job.ValidationFile is not null) await jobs.AddEventAsync(job.Id, "info", $"Validating validation file: {job.ValidationFile}");
        try
        {
            var model = specs.BaseModel(job);
            var training = specs.Training(job);
            specs.Validation(job);
            var resolved = AutoHyperparameters.Resolve(FineTuneSpecs.Choices(job), training.Count, FineTuneSpecs.Kind(model));
            foreach (var warning in resolved.Warnings) await jobs.AddEventAsync(job.Id, "warn", warning);
            await jobs.AddEventAsync(job.Id, "info", "Files validated, moving job to queued state");
            await jobs.UpdateAsync(job.Id, j => j.Status != JobStatus.ValidatingFiles ? null : j with
            {
                Status = JobStatus.Queued, ResolvedNEpochs = resolved.NEpochs, ResolvedBatchSize = resolved.BatchSize,
                ResolvedLearningRateMultiplier = resolved.LearningRateMultiplier,
            });
        }
        catch (Exception e)
        {
            await outcomes.FailAsync(job.Id, e);
        }
    }
}

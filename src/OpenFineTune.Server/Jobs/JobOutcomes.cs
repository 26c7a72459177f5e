using OpenFineTune.Engine.Training;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// How a run ends, written to the store: succeeded (model, result file), paused, failed, or back to queued.
/// Each change only applies to a job still in the state the worker left it in: a cancel that arrived meanwhile wins.
/// </summary>
public sealed class JobOutcomes(JobStore jobs, ModelPublisher models, StoredFiles files, ILogger<JobOutcomes> logger)
{
    public async Task SucceedAsync(FineTuningJobRecord job, FineTuneResult result)
    {
        if (await jobs.FindAsync(job.Id) is not { } current || !JobStatus.IsActive(current.Status)) return;
        var modelId = ModelIds.Final(job, models.Organization);
        await models.PublishAsync(modelId, job, result.AdapterDirectory!);
        await jobs.AddEventAsync(job.Id, "info", $"New fine-tuned model created: {modelId}");
        var csv = ResultCsv.Build(await jobs.EventsOldestFirstAsync(job.Id, CancellationToken.None));
        var resultFile = await files.CreateAsync(new MemoryStream(csv), ResultCsv.FileName, ResultCsv.Purpose, CancellationToken.None);
        await jobs.AddEventAsync(job.Id, "info", "The job has successfully completed");
        var done = await jobs.UpdateAsync(job.Id, j => !JobStatus.IsActive(j.Status) ? null : j with
        {
            Status = JobStatus.Succeeded, FineTunedModel = modelId, FinishedAt = jobs.Now, EstimatedFinish = null,
            TrainedTokens = (int)Math.Min(int.MaxValue, result.TrainedTokens), ResultFiles = [resultFile.Id],
        });
        if (done is null) await models.WithdrawAsync(modelId); // cancelled in the last moment: no model
    }

    public async Task PausedAsync(FineTuningJobRecord job, FineTuneResult result)
    {
        var paused = await jobs.UpdateAsync(job.Id, j => !JobStatus.IsActive(j.Status) ? null
            : j with { Status = JobStatus.Paused, EstimatedFinish = null });
        if (paused is not null)
            await jobs.AddEventAsync(job.Id, "info", $"Fine-tuning job paused at step {result.LastCheckpoint?.Step ?? 0}");
    }

    /// <summary>The server is stopping: the job goes back to the queue and resumes from its last checkpoint at the next start.</summary>
    public async Task RequeueAsync(string jobId, string why)
    {
        var requeued = await jobs.UpdateAsync(jobId, j => !JobStatus.IsActive(j.Status) ? null
            : j with { Status = JobStatus.Queued, EstimatedFinish = null });
        if (requeued is not null) await jobs.AddEventAsync(jobId, "warn", why);
    }

    public async Task FailAsync(string jobId, Exception e)
    {
        var (code, param, message) = e switch
        {
            JobFailedException f => (f.Code, f.Param, f.Message),
            TrainingDataException t => (t.Code, t.Param, t.Message),
            _ => ("internal_error", (string?)null, $"Training stopped with an internal error: {e.Message}"),
        };
        if (code == "internal_error") logger.LogError(e, "Fine-tuning job {Job} failed", jobId);
        var failed = await jobs.UpdateAsync(jobId, j => JobStatus.IsTerminal(j.Status) ? null : j with
        {
            Status = JobStatus.Failed, FinishedAt = jobs.Now, EstimatedFinish = null,
            ErrorCode = code, ErrorMessage = message, ErrorParam = param,
        });
        if (failed is not null) await jobs.AddEventAsync(jobId, "error", message);
    }
}

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// Start-up repairs: every stored fine-tuned model is served again, and a job the previous process left
/// running or pausing (killed mid-training) goes back to queued, to resume from its last checkpoint.
/// </summary>
public sealed class JobRecovery(JobStore jobs, ModelPublisher models, ILogger<JobRecovery> logger)
{
    public async Task RecoverAsync(CancellationToken ct)
    {
        try
        {
            foreach (var (model, error) in await models.RegisterStoredAsync(ct))
                logger.LogWarning("Fine-tuned model {Model} is not served: {Error}", model, error.Message);
            foreach (var job in (await jobs.AllOldestFirstAsync(ct)).Where(j => JobStatus.IsActive(j.Status)))
            {
                await jobs.UpdateAsync(job.Id, j => JobStatus.IsActive(j.Status) ? j with { Status = JobStatus.Queued, EstimatedFinish = null } : null);
                await jobs.AddEventAsync(job.Id, "warn", "The server restarted during training; the job resumes from its last checkpoint");
                logger.LogInformation("Fine-tuning job {Job} was interrupted; queued to resume", job.Id);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // A broken store must not stop the server from starting; the API reports its errors per request.
            logger.LogError(e, "Could not recover fine-tuning jobs at start-up");
        }
    }
}

using OpenFineTune.Engine.Training;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// Runs one queued job through the <see cref="IFineTuner"/>: marks it running, trains on a pool thread with the
/// job's pause and cancel switches, and records the outcome. A host shutdown sends the job back to the queue.
/// </summary>
public sealed class JobRunner(JobStore jobs, JobControl control, FineTuneSpecs specs, JobOutcomes outcomes,
    ModelPublisher models, JobPaths paths, CheckpointRetention retention, IServiceProvider services)
{
    public async Task RunAsync(string jobId, CancellationToken stopping)
    {
        using var handle = control.Start(jobId);
        try { await TrainAsync(jobId, handle, stopping); }
        finally
        {
            // Cancel withdraws the checkpoints at once; one the trainer saved meanwhile is only known here, once it stopped.
            if ((await jobs.FindAsync(jobId))?.Status == JobStatus.Cancelled) await retention.WithdrawAllAsync(jobId);
        }
    }

    async Task TrainAsync(string jobId, JobControl.RunHandle handle, CancellationToken stopping)
    {
        var job = await jobs.UpdateAsync(jobId, j => j.Status == JobStatus.Queued ? j with { Status = JobStatus.Running } : null);
        if (job is null) return; // paused or cancelled while it waited
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(handle.Cancel, stopping);
        try
        {
            var spec = await specs.BuildAsync(job, CancellationToken.None);
            await jobs.AddEventAsync(job.Id, "info", spec.ResumeFrom is null
                ? "Fine-tuning job started" : $"Fine-tuning job started again from its last checkpoint ({Path.GetFileName(spec.ResumeFrom)})");
            var tuner = services.GetService<IFineTuner>()
                ?? throw new InvalidOperationException("this server has no trainer (no IFineTuner is registered)");
            var observer = new JobObserver(job, jobs, models, paths, retention);
            var result = await Task.Run(() => tuner.RunAsync(spec, observer, handle.Pause, cancel.Token), CancellationToken.None);
            if (result.Completed) await outcomes.SucceedAsync(job, result);
            else await outcomes.PausedAsync(job, result);
        }
        catch (OperationCanceledException) when (handle.CancelRequested)
        {
            // Cancelled by the user: the status is already cancelled and no model is published.
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await outcomes.RequeueAsync(job.Id, "The server stopped during training; the job resumes from its last checkpoint when it starts again");
        }
        catch (Exception e)
        {
            await outcomes.FailAsync(job.Id, e);
        }
    }
}

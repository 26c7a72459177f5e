using Microsoft.Extensions.Options;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// The background worker: at start it serves the stored ft: models again and re-queues jobs a killed server left
/// running; then it validates new jobs and starts queued ones in creation order, up to
/// <see cref="JobsOptions.MaxConcurrentJobs"/> at a time.
/// </summary>
public sealed class JobWorker(JobStore jobs, JobControl control, JobValidation validation, JobRunner runner, JobRecovery recovery,
    JobSignal signal, IOptions<JobsOptions> options, ILogger<JobWorker> logger) : BackgroundService
{
    readonly List<Task> _running = [];

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        await Task.Yield();
        await recovery.RecoverAsync(stopping);
        while (!stopping.IsCancellationRequested)
        {
            try { await StartWorkAsync(stopping); }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogError(e, "The fine-tuning job worker failed to read the job queue; retrying on the next signal");
            }
            try { await signal.WaitAsync(stopping); }
            catch (OperationCanceledException) { break; }
        }
        await Task.WhenAll(_running); // each requeues its job when the host stops
    }

    async Task StartWorkAsync(CancellationToken stopping)
    {
        var all = await jobs.AllOldestFirstAsync(stopping);
        foreach (var job in all.Where(j => j.Status == JobStatus.ValidatingFiles)) await validation.ValidateAsync(job);
        _running.RemoveAll(t => t.IsCompleted);
        var queued = (await jobs.AllOldestFirstAsync(stopping)).Where(j => j.Status == JobStatus.Queued && !control.IsRunning(j.Id));
        foreach (var job in queued.Take(Math.Max(1, options.Value.MaxConcurrentJobs) - _running.Count))
            _running.Add(RunThenSignalAsync(job.Id, stopping));
    }

    async Task RunThenSignalAsync(string jobId, CancellationToken stopping)
    {
        try { await runner.RunAsync(jobId, stopping); }
        catch (Exception e) { logger.LogError(e, "Fine-tuning job {Job} could not be recorded", jobId); }
        finally { signal.Notify(); }
    }
}

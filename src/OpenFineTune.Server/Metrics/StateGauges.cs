using System.Diagnostics.Metrics;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Server.Jobs;

namespace OpenFineTune.Server.Metrics;

/// <summary>
/// Gauges read at scrape time from the server's state: fine-tuning jobs waiting and running (job store) and the
/// adapters resident in memory (adapter cache). Created per host through IMeterFactory, so each test host's
/// callbacks read its own services and go away with it.
/// </summary>
public sealed class StateGauges(IMeterFactory meters, JobStore jobs, ModelRegistry models) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = ServerMeter.Meter; // the static instruments exist from start-up, so a first scrape lists them at zero
        var meter = meters.Create(ServerMeter.Name);
        meter.CreateObservableGauge("openfinetune.fine_tuning.queue_length", () => CountJobs(s => s is JobStatus.ValidatingFiles or JobStatus.Queued),
            "{job}", "Fine-tuning jobs waiting for the trainer (validating_files or queued).");
        meter.CreateObservableGauge("openfinetune.fine_tuning.running_jobs", () => CountJobs(JobStatus.IsActive),
            "{job}", "Fine-tuning jobs the trainer is working on (running or pausing).");
        meter.CreateObservableGauge("openfinetune.adapters.loaded", () => models.LoadedAdapterCount,
            "{adapter}", "LoRA adapters (ft: models, checkpoints, --adapter) whose weights are in memory.");
        meter.CreateObservableGauge("openfinetune.adapters.loaded_bytes", () => models.LoadedAdapterBytes,
            "By", "Bytes of LoRA adapter weights in memory.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    int CountJobs(Func<string, bool> status) =>
        jobs.AllOldestFirstAsync(CancellationToken.None).GetAwaiter().GetResult().Count(j => status(j.Status));
}

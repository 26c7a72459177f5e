using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// Cancel, pause and resume (notes §3.4). A wrong state is a 400, not a 409: the SDKs retry 409s. The stored
/// status changes at once; a running trainer is then told through its pause/cancel switch. Cancel also withdraws the
/// job's checkpoint models.
/// </summary>
public sealed class JobCommands(JobStore jobs, JobControl control, JobSignal signal, CheckpointRetention retention)
{
    public async Task<FineTuningJobRecord> CancelAsync(string id)
    {
        var job = await ChangeAsync(id, "cancel", JobStatus.CanCancel,
            j => j with { Status = JobStatus.Cancelled, FinishedAt = jobs.Now, EstimatedFinish = null });
        control.RequestCancel(id);
        await jobs.AddEventAsync(id, "info", "Fine-tuning job cancelled");
        await retention.WithdrawAllAsync(id); // a cancelled job cannot resume: its checkpoint models go (JobRunner sweeps again once its trainer stops)
        return job;
    }

    public async Task<FineTuningJobRecord> PauseAsync(string id)
    {
        var job = await ChangeAsync(id, "pause", JobStatus.CanPause,
            j => j with { Status = j.Status == JobStatus.Queued ? JobStatus.Paused : JobStatus.Pausing, EstimatedFinish = null });
        control.RequestPause(id);
        await jobs.AddEventAsync(id, "info", job.Status == JobStatus.Paused
            ? "Fine-tuning job paused" : "Pausing fine-tuning job: a checkpoint is saved at the next step");
        return job;
    }

    public async Task<FineTuningJobRecord> ResumeAsync(string id)
    {
        var job = await ChangeAsync(id, "resume", JobStatus.CanResume, j => j with { Status = JobStatus.Queued });
        await jobs.AddEventAsync(id, "info", "Fine-tuning job resumed, moving job to queued state");
        signal.Notify();
        return job;
    }

    async Task<FineTuningJobRecord> ChangeAsync(string id, string verb, Func<string, bool> allowed, Func<FineTuningJobRecord, FineTuningJobRecord> change)
    {
        string? refused = null;
        var changed = await jobs.UpdateAsync(id, j =>
        {
            if (allowed(j.Status)) return change(j);
            refused = j.Status;
            return null;
        });
        if (changed is not null) return changed;
        if (refused is null) throw new ObjectNotFoundException("FineTuningJob", id, "fine_tuning_job_id");
        throw new InvalidRequestException($"Cannot {verb} job {id}: its status is {refused}. {Allowed(verb)}", "fine_tuning_job_id");
    }

    static string Allowed(string verb) => verb switch
    {
        "cancel" => "Only jobs that have not finished (not succeeded, failed or cancelled) can be cancelled.",
        "pause" => "Only running or queued jobs can be paused.",
        _ => "Only paused jobs can be resumed.",
    };
}

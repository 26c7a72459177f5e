using Microsoft.Extensions.Options;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// Keeps the newest <see cref="JobsOptions.KeepCheckpoints"/> checkpoints of a job (OpenAI keeps the last 3 epochs) and
/// withdraws the rest: unserved, their model and checkpoint records removed, their directories deleted. The newest one
/// always stays, since pause/resume and restart recovery resume from it. A cancelled job loses all of them.
/// </summary>
public sealed class CheckpointRetention(JobStore jobs, ModelPublisher models, JobPaths paths, IOptions<JobsOptions> options,
    ILogger<CheckpointRetention> logger)
{
    /// <summary>After a new checkpoint: withdraws those beyond the newest N steps.</summary>
    public async Task TrimAsync(string jobId)
    {
        // Grouped by step: a pause right at an epoch's end saves the same step (same model, same directory) twice.
        var steps = (await jobs.CheckpointsAsync(jobId, CancellationToken.None)).GroupBy(c => c.StepNumber).ToList();
        foreach (var old in steps.Skip(Math.Max(1, options.Value.KeepCheckpoints)).SelectMany(g => g))
            await WithdrawAsync(old);
    }

    /// <summary>A cancelled job cannot resume, so none of its checkpoints is kept.</summary>
    public async Task WithdrawAllAsync(string jobId)
    {
        foreach (var checkpoint in await jobs.CheckpointsAsync(jobId, CancellationToken.None))
            await WithdrawAsync(checkpoint);
    }

    /// <summary>The engine frees the adapter once running generations end, so the files can go at once.</summary>
    async Task WithdrawAsync(CheckpointRecord checkpoint)
    {
        await models.WithdrawAsync(checkpoint.ModelId);
        await jobs.Records.Checkpoints.RemoveAsync(checkpoint.Id);
        DeleteDirectory(checkpoint);
    }

    void DeleteDirectory(CheckpointRecord checkpoint)
    {
        var directory = paths.Absolute(checkpoint.Directory);
        var work = paths.WorkDirectory(checkpoint.JobId) + Path.DirectorySeparatorChar;
        if (!directory.StartsWith(work, StringComparison.Ordinal)) return; // never delete outside the job's own work dir
        try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) // the records are gone; a leftover directory only costs disk
        {
            logger.LogWarning("Could not delete checkpoint directory {Directory}: {Error}", directory, e.Message);
        }
    }
}

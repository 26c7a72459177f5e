using System.Text.Json;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// Jobs and their event logs. Every status change goes through <see cref="UpdateAsync"/>, one at a time, so the
/// worker and the cancel/pause/resume endpoints never overwrite each other's changes.
/// </summary>
public sealed class JobStore(IMetadataStore store, TimeProvider clock)
{
    public const string EventIdPrefix = "ftevent-";
    readonly SemaphoreSlim _updates = new(1, 1);

    public IMetadataStore Records => store;

    public long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    public Task<FineTuningJobRecord?> FindAsync(string id, CancellationToken ct = default) => store.Jobs.FindAsync(id, ct);

    /// <summary>Applies <paramref name="change"/> to the stored job; a null result leaves it unchanged and is returned.</summary>
    public async Task<FineTuningJobRecord?> UpdateAsync(string id, Func<FineTuningJobRecord, FineTuningJobRecord?> change)
    {
        await _updates.WaitAsync();
        try
        {
            if (await store.Jobs.FindAsync(id) is not { } job || change(job) is not { } changed) return null;
            await store.Jobs.ReplaceAsync(changed);
            return changed;
        }
        finally { _updates.Release(); }
    }

    public Task AddEventAsync(string jobId, string level, string message, object? data = null, string type = "message") =>
        store.JobEvents.AddAsync(new JobEventRecord
        {
            Id = Ids.New(EventIdPrefix), CreatedAt = Now, JobId = jobId, Level = level, Message = message, Type = type,
            DataJson = data is null ? null : JsonSerializer.Serialize(data),
        });

    /// <summary>Every job, oldest first (the queue order).</summary>
    public async Task<IReadOnlyList<FineTuningJobRecord>> AllOldestFirstAsync(CancellationToken ct) =>
        (await store.Jobs.ListAsync(new PageQuery(int.MaxValue - 1, NewestFirst: false), ct)).Items;

    /// <summary>A job's checkpoints, highest step first.</summary>
    public async Task<IReadOnlyList<CheckpointRecord>> CheckpointsAsync(string jobId, CancellationToken ct) =>
        (await store.Checkpoints.ListAsync(new PageQuery(int.MaxValue - 1, ListKey: jobId), ct)).Items
            .OrderByDescending(c => c.StepNumber).ToList();

    /// <summary>A job's events, oldest first.</summary>
    public async Task<IReadOnlyList<JobEventRecord>> EventsOldestFirstAsync(string jobId, CancellationToken ct) =>
        (await store.JobEvents.ListAsync(new PageQuery(int.MaxValue - 1, NewestFirst: false, ListKey: jobId), ct)).Items;
}

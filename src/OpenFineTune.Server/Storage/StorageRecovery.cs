namespace OpenFineTune.Server.Storage;

/// <summary>At start, before requests are served: removes file blobs a crash left without metadata.
/// (Staged temp files are removed when the blob store opens.)</summary>
sealed class StorageRecovery(StoredFiles files, ILogger<StorageRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        int removed = await files.RemoveOrphansAsync(ct);
        if (removed > 0) logger.LogWarning("Removed {Count} uploaded file(s) whose upload was not acknowledged before a crash.", removed);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

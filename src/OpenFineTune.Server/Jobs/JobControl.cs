using System.Collections.Concurrent;

namespace OpenFineTune.Server.Jobs;

/// <summary>The pause and cancel switches of the jobs a trainer is working on right now (in this process).</summary>
public sealed class JobControl
{
    readonly ConcurrentDictionary<string, RunHandle> _running = new();

    public RunHandle Start(string jobId)
    {
        var handle = new RunHandle(jobId, this);
        if (!_running.TryAdd(jobId, handle)) throw new InvalidOperationException($"Job {jobId} is already running.");
        return handle;
    }

    public bool IsRunning(string jobId) => _running.ContainsKey(jobId);

    public void RequestPause(string jobId) { if (_running.TryGetValue(jobId, out var h)) h.RequestPause(); }

    public void RequestCancel(string jobId) { if (_running.TryGetValue(jobId, out var h)) h.RequestCancel(); }

    void Remove(string jobId) => _running.TryRemove(jobId, out _);

    public sealed class RunHandle(string jobId, JobControl owner) : IDisposable
    {
        readonly CancellationTokenSource _pause = new(), _cancel = new();

        public CancellationToken Pause => _pause.Token;
        public CancellationToken Cancel => _cancel.Token;
        public bool CancelRequested => _cancel.IsCancellationRequested;

        internal void RequestPause() => _pause.Cancel();
        internal void RequestCancel() => _cancel.Cancel();

        public void Dispose()
        {
            owner.Remove(jobId);
            _pause.Dispose();
            _cancel.Dispose();
        }
    }
}

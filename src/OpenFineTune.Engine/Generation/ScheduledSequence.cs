using System.Threading.Channels;
using OpenFineTune.Engine.Serving.Adapters;

namespace OpenFineTune.Engine.Generation;

/// <summary>
/// A request inside a <see cref="BatchScheduler"/>: its session (borrowed from the caller, who disposes it), the
/// adapter its passes apply, and the deltas the scheduler produced that the caller has not read yet. The caller reads
/// <see cref="Deltas"/> and calls <see cref="LeaveAsync"/> when done, finished or not.
/// </summary>
internal sealed class ScheduledSequence(DecodeSession session, LoraWeights? adapter, Action wake)
{
    /// <summary>Unread deltas beyond which the sequence sits out decode steps until its reader catches up.</summary>
    public const int MaxUnread = 64;

    readonly Channel<GenerationDelta> _deltas = Channel.CreateUnbounded<GenerationDelta>(); // multi-reader kind: it can count unread items
    readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    volatile bool _left, _failed;

    public DecodeSession Session => session;
    public LoraWeights? Adapter => adapter;

    /// <summary>Left by its caller, finished, or failed: the scheduler drops it before its next step.</summary>
    public bool Ended => _left || _failed || session.Finished;

    /// <summary>Too far ahead of its reader to be stepped now.</summary>
    public bool Throttled => _deltas.Reader.Count >= MaxUnread;

    /// <summary>Reads the deltas as they come; ends after the last one, or throws what failed the generation.</summary>
    public async IAsyncEnumerable<GenerationDelta> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _deltas.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            while (_deltas.Reader.TryRead(out var delta))
            {
                wake(); // a throttled sequence may run again
                yield return delta;
                cancellationToken.ThrowIfCancellationRequested();
            }
    }

    /// <summary>Stops the generation (if still running); completes once the scheduler no longer touches the session.</summary>
    public Task LeaveAsync()
    {
        _left = true;
        wake();
        return _released.Task;
    }

    internal void Publish(IEnumerable<GenerationDelta> deltas)
    {
        foreach (var delta in deltas) _deltas.Writer.TryWrite(delta);
        if (session.Finished) _deltas.Writer.TryComplete();
    }

    internal void Fail(Exception error)
    {
        _failed = true;
        _deltas.Writer.TryComplete(error);
    }

    /// <summary>Called by the scheduler when it drops the sequence: it never touches the session again.</summary>
    internal void Release()
    {
        _deltas.Writer.TryComplete();
        _released.TrySetResult();
    }
}

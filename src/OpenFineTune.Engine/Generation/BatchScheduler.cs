using OpenFineTune.Engine.Serving;
using OpenFineTune.Engine.Serving.Adapters;

namespace OpenFineTune.Engine.Generation;

/// <summary>
/// Continuous batching on one base model. Each turn prefills the requests that arrived since the last one (one pass
/// each), then advances every active sequence by one token: one forward pass of [rows, 1] per adapter (the base
/// model's sequences together, each adapter's together), each sequence attending to its own KV cache. Finished and
/// abandoned sequences leave between turns, so a disconnect stops its generation at once. The loop runs on its own
/// thread while any sequence is in it and ends when none is.
/// </summary>
internal sealed class BatchScheduler(LoadedModel model)
{
    readonly object _lock = new();
    readonly List<ScheduledSequence> _arrived = [];
    readonly List<ScheduledSequence> _active = []; // touched by the loop thread only
    readonly ManualResetEventSlim _wake = new(false); // set on arrivals, departures and reads (a throttled sequence may run)
    bool _looping;
    int _activeCount;
    long _decodePasses, _decodedRows;

    /// <summary>Sequences waiting for their prefill or being decoded.</summary>
    public int SequenceCount
    {
        get { lock (_lock) return _arrived.Count + _activeCount; }
    }

    /// <summary>Decode passes run and the rows they carried (for tests and measurements).</summary>
    public long DecodePasses => Interlocked.Read(ref _decodePasses);
    public long DecodedRows => Interlocked.Read(ref _decodedRows);

    /// <summary>Queues <paramref name="session"/> for its prefill at the start of the next turn.</summary>
    public ScheduledSequence Submit(DecodeSession session, LoraWeights? adapter)
    {
        var sequence = new ScheduledSequence(session, adapter, _wake.Set);
        lock (_lock)
        {
            _arrived.Add(sequence);
            _wake.Set();
            if (_looping) return sequence;
            _looping = true;
        }
        Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return sequence;
    }

    void Loop()
    {
        try { RunTurns(); }
        catch (Exception e) { Abandon(e); }
    }

    void RunTurns()
    {
        while (NextArrivals() is { } arrived)
        {
            foreach (var sequence in arrived) Prefill(sequence);
            var runnable = _active.Where(s => !s.Ended && !s.Throttled).ToList();
            foreach (var group in runnable.GroupBy(s => s.Adapter)) Step(group.ToList(), group.Key);
            DropEnded();
            if (runnable.Count == 0 && arrived.Count == 0 && _active.Count > 0) _wake.Wait(TimeSpan.FromMilliseconds(100)); // every reader is behind
        }
    }

    // The requests that arrived since the last turn; null (and the loop ends) when there is nothing left to do.
    List<ScheduledSequence>? NextArrivals()
    {
        lock (_lock)
        {
            _wake.Reset();
            if (_arrived.Count == 0 && _active.Count == 0)
            {
                _looping = false;
                return null;
            }
            var arrived = _arrived.ToList();
            _arrived.Clear();
            _activeCount = _active.Count + arrived.Count;
            return arrived;
        }
    }

    void Prefill(ScheduledSequence sequence)
    {
        if (!sequence.Ended)
            try { sequence.Publish(model.Run(sequence.Session.Prefill, sequence.Adapter)); }
            catch (Exception e) { sequence.Fail(e); }
        _active.Add(sequence);
    }

    void Step(List<ScheduledSequence> group, LoraWeights? adapter)
    {
        try
        {
            var deltas = model.Run(() => DecodeSession.Step(group.Select(s => s.Session).ToList()), adapter);
            for (var i = 0; i < group.Count; i++) group[i].Publish(deltas[i]);
            Interlocked.Increment(ref _decodePasses);
            Interlocked.Add(ref _decodedRows, group.Sum(s => s.Session.Choices.Count));
        }
        catch (Exception e)
        {
            foreach (var sequence in group) sequence.Fail(e);
        }
    }

    void DropEnded()
    {
        var ended = _active.Where(s => s.Ended).ToList();
        lock (_lock)
        {
            foreach (var sequence in ended) _active.Remove(sequence);
            _activeCount = _active.Count;
        }
        foreach (var sequence in ended) sequence.Release();
    }

    // A bug in the loop itself: every waiting caller gets the error instead of waiting forever.
    void Abandon(Exception error)
    {
        List<ScheduledSequence> all;
        lock (_lock)
        {
            all = [.. _arrived, .. _active];
            _arrived.Clear();
            _active.Clear();
            (_activeCount, _looping) = (0, false);
        }
        foreach (var sequence in all)
        {
            sequence.Fail(error);
            sequence.Release();
        }
    }
}

namespace OpenFineTune.Engine.Serving.Adapters;

/// <summary>An adapter served as a model: its id, base and directory (its weights load on first use).</summary>
public sealed record AdapterRegistration(string ModelId, string BaseModelId, string Directory, string Fingerprint);

/// <summary>
/// Loaded adapter weights, least recently used first out when more than <c>maxCount</c> adapters or
/// <c>maxBytes</c> bytes are loaded. An adapter in use by a generation (leased) is never unloaded under it; the
/// budget is then exceeded until the lease ends. An unloaded adapter is simply read again on its next use.
/// </summary>
internal sealed class AdapterCache(int maxCount, long maxBytes) : IDisposable
{
    sealed class Entry(AdapterRegistration registration, LoraWeights weights)
    {
        public AdapterRegistration Registration { get; } = registration;
        public LoraWeights Weights { get; } = weights;
        public int Leases;
        public bool Removed;
        public long LastUse;
    }

    readonly Dictionary<string, Entry> _loaded = new();
    readonly object _lock = new();
    long _clock;

    public int LoadedCount { get { lock (_lock) return _loaded.Count; } }
    public long LoadedBytes { get { lock (_lock) return _loaded.Values.Sum(e => e.Weights.Bytes); } }
    public bool IsLoaded(string modelId) { lock (_lock) return _loaded.ContainsKey(modelId); }

    /// <summary>The adapter's weights for one generation (loading them if needed); dispose the lease when done.</summary>
    public AdapterLease Acquire(AdapterRegistration registration, Func<LoraWeights> load)
    {
        lock (_lock)
        {
            if (!_loaded.TryGetValue(registration.ModelId, out var entry) || entry.Registration != registration)
            {
                if (entry is not null) RemoveLocked(registration.ModelId);
                entry = new Entry(registration, load());
                _loaded[registration.ModelId] = entry;
            }
            entry.Leases++;
            entry.LastUse = ++_clock;
            EvictLocked();
            return new AdapterLease(entry.Weights, () => Release(entry));
        }
    }

    /// <summary>Unloads an adapter (at once, or when its last generation ends).</summary>
    public void Remove(string modelId)
    {
        lock (_lock) RemoveLocked(modelId);
    }

    void RemoveLocked(string modelId)
    {
        if (!_loaded.Remove(modelId, out var entry)) return;
        entry.Removed = true;
        if (entry.Leases == 0) entry.Weights.Dispose();
    }

    void Release(Entry entry)
    {
        lock (_lock)
        {
            entry.Leases--;
            if (entry.Removed && entry.Leases == 0) entry.Weights.Dispose();
            else EvictLocked();
        }
    }

    void EvictLocked()
    {
        while (_loaded.Count > maxCount || _loaded.Values.Sum(e => e.Weights.Bytes) > maxBytes)
        {
            var victim = _loaded.Values.Where(e => e.Leases == 0).MinBy(e => e.LastUse);
            if (victim is null) return;
            RemoveLocked(victim.Registration.ModelId);
        }
    }

    public void Dispose()
    {
        lock (_lock)
            foreach (var id in _loaded.Keys.ToList()) RemoveLocked(id);
    }
}

/// <summary>Keeps an adapter loaded while a generation uses it.</summary>
internal sealed class AdapterLease(LoraWeights weights, Action release) : IDisposable
{
    int _released;

    public LoraWeights Weights { get; } = weights;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) release();
    }
}

using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// Keys and values of every layer for the tokens seen so far, so a decode step only computes the new token.
/// Buffers grow by doubling and live outside any dispose scope; dispose the cache to free them.
/// </summary>
public sealed class KvCache : IDisposable
{
    readonly LayerKvCache[] _layers;

    public KvCache(int layers) => _layers = Enumerable.Range(0, layers).Select(_ => new LayerKvCache()).ToArray();

    /// <summary>Tokens cached so far; the next forward's first position.</summary>
    public long Length { get; private set; }

    public LayerKvCache Layer(int index) => _layers[index];

    /// <summary>Called by the model after every layer appended <paramref name="tokens"/> entries.</summary>
    internal void Advance(long tokens) => Length += tokens;

    /// <summary>Forgets everything after the first <paramref name="length"/> tokens (the buffers are kept).</summary>
    public void Truncate(long length)
    {
        if (length < 0 || length > Length) throw new ArgumentOutOfRangeException(nameof(length), $"cache holds {Length} tokens; cannot truncate to {length}");
        Length = length;
    }

    public void Dispose()
    {
        foreach (var layer in _layers) layer.Dispose();
    }
}

/// <summary>One layer's key and value buffers, [B, kv_heads, capacity, head_dim] each.</summary>
public sealed class LayerKvCache : IDisposable
{
    Tensor? _keys, _values;

    /// <summary>Writes k, v [B, kv_heads, T, hd] at <paramref name="past"/> and returns all keys/values up to past + T.</summary>
    public (Tensor Keys, Tensor Values) Append(Tensor k, Tensor v, long past)
    {
        var needed = past + k.shape[2];
        if (_keys is null || _keys.shape[2] < needed || _keys.shape[0] != k.shape[0]) Grow(k, past, needed);
        using (var slot = _keys!.narrow(2, past, k.shape[2])) slot.copy_(k);
        using (var slot = _values!.narrow(2, past, v.shape[2])) slot.copy_(v);
        return (_keys.narrow(2, 0, needed), _values.narrow(2, 0, needed));
    }

    void Grow(Tensor like, long past, long needed)
    {
        var capacity = Math.Max(needed, Math.Max(64, 2 * (_keys?.shape[2] ?? 0)));
        _keys = Regrown(_keys, like, past, capacity);
        _values = Regrown(_values, like, past, capacity);
    }

    static Tensor Regrown(Tensor? old, Tensor like, long past, long capacity)
    {
        var fresh = zeros([like.shape[0], like.shape[1], capacity, like.shape[3]], like.dtype, like.device).DetachFromDisposeScope();
        if (old is not null && past > 0)
            using (var kept = fresh.narrow(2, 0, past)) using (var from = old.narrow(2, 0, past)) kept.copy_(from);
        old?.Dispose();
        return fresh;
    }

    public void Dispose()
    {
        _keys?.Dispose();
        _values?.Dispose();
    }
}

using System.Diagnostics;
using OpenFineTune.Engine.Models;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Benchmarks;

/// <summary>
/// Times one model directly, the way llama.cpp's kit does: prefill is one forward pass over N ids with last-row
/// logits and a greedy pick; decode is M greedy steps after a 16-token prompt, each token fed back.
/// Token ids are pseudo-random over the vocabulary (not text), as the kit's are.
/// </summary>
internal sealed class ModelProbe(CausalLM model, int vocabulary)
{
    public const int DecodePrompt = 16;
    ulong _lcg = 0x9E3779B97F4A7C15;

    /// <summary>Seconds for one prefill of <paramref name="length"/> ids into an empty cache.</summary>
    public double Prefill(int length)
    {
        using var cache = model.NewCache();
        var ids = RandomIds(1, length);
        var clock = Stopwatch.StartNew();
        Forward(ids, cache);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Seconds for <paramref name="tokens"/> greedy steps of <paramref name="rows"/> sequences after a 16-token prompt.</summary>
    public double Decode(int rows, int tokens)
    {
        using var cache = model.NewCache();
        var next = Forward(RandomIds(rows, DecodePrompt), cache);
        var clock = Stopwatch.StartNew();
        for (var t = 0; t < tokens; t++) next = Forward(next, cache);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Resident memory (bytes) after the first <paramref name="window"/> decoded tokens and after
    /// <paramref name="total"/>. The cache is cut back to the prompt every window tokens, so the buffers reach their
    /// steady size in the first window and any later growth is a leak.
    /// </summary>
    public (long AfterFirstWindow, long AfterAll) MemoryAfterDecoding(int total, int window, Action<int>? progress = null)
    {
        using var cache = model.NewCache();
        var next = Forward(RandomIds(1, DecodePrompt), cache);
        long first = 0;
        for (var decoded = 1; decoded <= total; decoded++)
        {
            next = Forward(next, cache);
            if (cache.Length >= DecodePrompt + window) cache.Truncate(DecodePrompt);
            if (decoded == window) first = ProcessMemory.SettledRssBytes();
            if (decoded % window == 0) progress?.Invoke(decoded);
        }
        return (first, ProcessMemory.SettledRssBytes());
    }

    // One forward with last-row logits and the greedy pick per row, brought to the host as the engine's sampler does.
    long[,] Forward(long[,] ids, KvCache cache)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(ids, ScalarType.Int64, model.Device);
        var picked = model.forward(input, cache, lastOnly: true).argmax(-1).cpu(); // [B, 1]
        var values = picked.data<long>().ToArray();
        var next = new long[ids.GetLength(0), 1];
        for (var b = 0; b < values.Length; b++) next[b, 0] = values[b];
        return next;
    }

    public long[,] RandomIds(int rows, int length)
    {
        var ids = new long[rows, length];
        for (var r = 0; r < rows; r++)
            for (var i = 0; i < length; i++) ids[r, i] = NextId();
        return ids;
    }

    public int NextId()
    {
        _lcg = _lcg * 6364136223846793005 + 1442695040888963407;
        return (int)((_lcg >> 33) % (ulong)vocabulary);
    }
}

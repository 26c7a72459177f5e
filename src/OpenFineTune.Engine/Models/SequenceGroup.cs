using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// One sequence's rows in a ragged decode batch: <paramref name="Rows"/> consecutive rows (a request's n choices)
/// that share <paramref name="Cache"/>, so they share its length and positions.
/// </summary>
public readonly record struct CachedRows(KvCache Cache, long Rows);

/// <summary>
/// The next <paramref name="Rows"/> rows of a forward batch (groups cover it in order) that attend together: one KV cache (or none), the number of
/// tokens it held before this pass, and which keys each query may see. A plain forward pass is one group over every
/// row; a ragged decode step has one group per sequence.
/// </summary>
/// <param name="Mask">bool, true = may attend: [T, past + T], or [B, 1, T, past + T] with padding; null when
/// <paramref name="IsCausal"/> or when a single query sees every key</param>
/// <param name="IsCausal">plain causal attention over exactly these T keys (no past)</param>
public sealed record SequenceGroup(long Rows, KvCache? Cache, long Past, Tensor? Mask, bool IsCausal);

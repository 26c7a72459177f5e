namespace OpenFineTune.Engine.Models;

/// <summary>
/// One sequence's rows in a ragged decode batch: <paramref name="Rows"/> consecutive rows (a request's n choices)
/// that share <paramref name="Cache"/>, so they share its length and positions.
/// </summary>
public readonly record struct CachedRows(KvCache Cache, long Rows);

/// <summary>
/// Rows [FirstRow, FirstRow + Rows) of a forward batch that attend together: one KV cache (or none), the number of
/// tokens it held before this pass, and the rotary angles and mask for their positions. A plain forward pass is one
/// group over every row; a ragged decode step has one group per sequence.
/// </summary>
public sealed record SequenceGroup(long FirstRow, long Rows, KvCache? Cache, long Past, AttentionInputs Inputs);

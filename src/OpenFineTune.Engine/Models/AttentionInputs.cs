using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// What every layer's attention needs besides its input, computed once per forward pass: the rotary cos/sin of
/// every row's positions and the groups of rows that attend together (one for a plain pass, one per sequence in a
/// ragged decode step).
/// </summary>
/// <param name="Cos">[B, 1, T, head_dim]</param>
/// <param name="Sin">[B, 1, T, head_dim]</param>
/// <param name="Groups">the batch's rows, split in order into groups that attend together</param>
public sealed record AttentionInputs(Tensor Cos, Tensor Sin, IReadOnlyList<SequenceGroup> Groups)
{
    /// <summary>
    /// The mask for T new queries after <paramref name="past"/> cached keys, with an optional sliding window and
    /// optional key padding (<paramref name="keyValid"/> [B, past + T], false for pad tokens).
    /// </summary>
    public static (Tensor? Mask, bool IsCausal) MaskFor(long past, long length, int? window, Device device, Tensor? keyValid = null)
    {
        var windowMatters = window is { } w && past + length > w;
        if (keyValid is null && !windowMatters && length == 1) return (null, false);
        if (keyValid is null && !windowMatters && past == 0) return (null, true);
        using var scope = NewDisposeScope();
        var queryPositions = arange(past, past + length, ScalarType.Int64, device).unsqueeze(1); // [T, 1]
        var keyPositions = arange(0, past + length, ScalarType.Int64, device).unsqueeze(0);      // [1, S]
        var allowed = keyPositions.less_equal(queryPositions);                                    // [T, S]
        if (windowMatters)
        {
            // a query at p sees keys p - window + 1 … p (HF's sliding-window mask)
            var oldest = arange(past + 1 - window!.Value, past + length + 1 - window.Value, ScalarType.Int64, device).unsqueeze(1);
            allowed = allowed.logical_and(keyPositions.greater_equal(oldest));
        }
        if (keyValid is not null)
        {
            // A pad query still sees itself: a row with no visible key would make attention NaN, and NaN values
            // would leak into real rows through 0·NaN.
            var self = keyPositions.eq(queryPositions);                                               // [T, S]
            var visible = keyValid.to(ScalarType.Bool).unsqueeze(1).logical_or(self.unsqueeze(0));   // [B, T, S]
            allowed = allowed.unsqueeze(0).logical_and(visible).unsqueeze(1);                         // [B, 1, T, S]
        }
        return (allowed.MoveToOuterDisposeScope(), false);
    }
}

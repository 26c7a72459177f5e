using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Peft;

/// <summary>
/// The blockwise absmax step shared by bitsandbytes' 4-bit and 8-bit quantizers (backends/default/ops.py and
/// kQuantizeBlockwise): absmax per block, then x · (1/absmax) in float32, clamped to [-1, 1].
/// </summary>
static class BlockwiseScaling
{
    // bitsandbytes clamps absmax to 1e-38 before the reciprocal, so an all-zero block scales to 0, not NaN.
    static readonly Scalar TinyAbsmax = 1e-38f;
    static readonly Scalar MinusOne = -1.0f;
    static readonly Scalar One = 1.0f;

    /// <summary>Number of blocks of <paramref name="blockSize"/> covering <paramref name="count"/> values.</summary>
    public static long BlockCount(long count, int blockSize) => (count + blockSize - 1) / blockSize;

    /// <summary>
    /// Scales flat float32 values blockwise. Returns scaled [blocks, blockSize] and absmax [blocks].
    /// The tail is padded with zeros: a zero never raises a block's absmax, so the partial last block gets the
    /// same absmax and codes as bitsandbytes computes on the unpadded tail.
    /// </summary>
    public static (Tensor Scaled, Tensor Absmax) Scale(Tensor flat, int blockSize)
    {
        using var scope = NewDisposeScope();
        var blocks = BlockCount(flat.shape[0], blockSize);
        var padded = PadTo(flat, blocks * blockSize).reshape(blocks, blockSize);
        var absmax = padded.abs().amax([1L]);
        var inverse = absmax.clamp_min(TinyAbsmax).reciprocal().unsqueeze(1);
        var scaled = (padded * inverse).clamp(MinusOne, One);
        return (scaled.MoveToOuterDisposeScope(), absmax.MoveToOuterDisposeScope());
    }

    /// <summary>Zero-pads a flat tensor to <paramref name="length"/> values.</summary>
    public static Tensor PadTo(Tensor flat, long length)
    {
        var missing = length - flat.shape[0];
        return missing == 0 ? flat.alias() : nn.functional.pad(flat, [0, missing]);
    }
}

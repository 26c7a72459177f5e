using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Peft;

/// <summary>
/// NF4 quantization as bitsandbytes' <c>quantize_4bit(A, blocksize=64, compress_statistics=True, quant_type="nf4")</c>:
/// blockwise absmax (64), code assignment by the CUDA decision thresholds, two codes per byte (first value in the
/// high nibble), then double quantization of the absmax constants (mean offset, 8-bit dynamic code, blocks of 256).
/// Where bitsandbytes' own backends disagree we follow its torch reference backend (backends/default/ops.py):
/// an all-zero block scales by 1/1e-38 and gets code 7 (0.0), where the CUDA kernel's 0·(1/0) = NaN falls to code 0
/// (-1.0 · absmax 0, also 0 after dequantization); and every block, the tail included, is scaled by x·(1/absmax)
/// as in the kernel (the torch backend divides in the tail block, which can differ by one ulp on a threshold).
/// </summary>
public static class Nf4Quantizer
{
    public const int BlockSize = 64;
    public const int StatsBlockSize = 256;

    static readonly Scalar Sixteen = 16;

    /// <summary>Quantizes a float tensor of any shape; the source is left untouched.</summary>
    public static Nf4Weight Quantize(Tensor weight)
    {
        using var scope = NewDisposeScope();
        var flat = weight.detach().to(ScalarType.Float32).reshape(-1);
        var count = flat.shape[0];
        var (scaled, absmax) = BlockwiseScaling.Scale(flat, BlockSize);
        var packed = PackCodes(AssignCodes(scaled.reshape(-1).narrow(0, 0, count)));
        var (quantizedAbsmax, scales, offset) = CompressAbsmax(absmax);
        return new Nf4Weight(weight.shape, packed.DetachFromDisposeScope(), quantizedAbsmax.DetachFromDisposeScope(),
            scales.DetachFromDisposeScope(), offset);
    }

    /// <summary>4-bit codes (int32) of scaled values, by bitsandbytes' rule: code k when t[k-1] &lt; x &lt;= t[k].</summary>
    public static Tensor AssignCodes(Tensor scaled)
    {
        using var thresholds = tensor(Nf4CodeBook.Thresholds.ToArray(), device: scaled.device);
        return bucketize(scaled.contiguous(), thresholds, outInt32: true, right: false);
    }

    /// <summary>Packs codes two per byte, the even-indexed one in the high nibble; an odd tail is padded with
    /// the code of 0.0 (bitsandbytes pads the scaled values with a zero).</summary>
    public static Tensor PackCodes(Tensor codes)
    {
        using var scope = NewDisposeScope();
        if (codes.shape[0] % 2 == 1)
            codes = nn.functional.pad(codes, [0, 1], value: Nf4CodeBook.CodeOf(0f));
        var pairs = codes.reshape(-1, 2);
        var bytes = (pairs[.., 0] * Sixteen + pairs[.., 1]).to(ScalarType.Byte);
        return bytes.MoveToOuterDisposeScope();
    }

    /// <summary>Double quantization of absmax: subtract the mean, then 8-bit dynamic blockwise with blocks of 256.</summary>
    static (Tensor Quantized, Tensor Scales, float Offset) CompressAbsmax(Tensor absmax)
    {
        using var scope = NewDisposeScope();
        var offsetTensor = absmax.mean();
        var offset = offsetTensor.item<float>();
        var (quantized, scales) = DynamicQuantizer.Quantize(absmax - offsetTensor, StatsBlockSize);
        return (quantized.MoveToOuterDisposeScope(), scales.MoveToOuterDisposeScope(), offset);
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Peft;

/// <summary>
/// bitsandbytes' 8-bit blockwise quantization with the dynamic code (<c>quantize_blockwise</c> /
/// <c>dequantize_blockwise</c>, backends/default/ops.py): nearest code by midpoints, a value exactly on a
/// midpoint taking the lower code (torch.bucketize, right=False).
/// </summary>
public static class DynamicQuantizer
{
    static readonly Scalar Two = 2.0f;

    /// <summary>Quantizes flat float32 values: returns codes (uint8, same length) and per-block absmax (float32).</summary>
    public static (Tensor Codes, Tensor Absmax) Quantize(Tensor flat, int blockSize)
    {
        using var scope = NewDisposeScope();
        var (scaled, absmax) = BlockwiseScaling.Scale(flat, blockSize);
        var code = CodeTensor(flat.device);
        var midpoints = (code[..^1] + code[1..]) / Two;
        var codes = bucketize(scaled.reshape(-1).narrow(0, 0, flat.shape[0]).contiguous(), midpoints, outInt32: true, right: false);
        return (codes.to(ScalarType.Byte).MoveToOuterDisposeScope(), absmax.MoveToOuterDisposeScope());
    }

    /// <summary>code[q] · absmax of q's block, float32, same length as <paramref name="codes"/>.</summary>
    public static Tensor Dequantize(Tensor codes, Tensor absmax, int blockSize)
    {
        using var scope = NewDisposeScope();
        var count = codes.shape[0];
        var values = CodeTensor(codes.device).index_select(0, codes.to(ScalarType.Int32));
        var blocks = absmax.shape[0];
        var scaled = BlockwiseScaling.PadTo(values, blocks * blockSize).reshape(blocks, blockSize) * absmax.unsqueeze(1);
        return scaled.reshape(-1).narrow(0, 0, count).MoveToOuterDisposeScope();
    }

    static Tensor CodeTensor(Device device) => tensor(DynamicCodeBook.Values.ToArray(), device: device);
}

using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Peft;

/// <summary>
/// One NF4-quantized tensor in bitsandbytes' storage layout: packed codes, 8-bit absmax, the second-level absmax
/// scales and the mean offset. Owns its tensors.
/// </summary>
public sealed class Nf4Weight : IDisposable
{
    internal Nf4Weight(long[] shape, Tensor packed, Tensor quantizedAbsmax, Tensor absmaxScales, float absmaxOffset)
    {
        Shape = shape;
        Packed = packed;
        QuantizedAbsmax = quantizedAbsmax;
        AbsmaxScales = absmaxScales;
        AbsmaxOffset = absmaxOffset;
    }

    public long[] Shape { get; }
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>uint8 [(Count+1)/2]: two 4-bit codes per byte, element 2i in the high nibble.</summary>
    public Tensor Packed { get; }

    /// <summary>uint8 [blocks of 64]: absmax − offset in the 8-bit dynamic code.</summary>
    public Tensor QuantizedAbsmax { get; }

    /// <summary>float32 [blocks of 256 absmax values]: the second-level absmax.</summary>
    public Tensor AbsmaxScales { get; }

    /// <summary>The mean of the first-level absmax, subtracted before the 8-bit step.</summary>
    public float AbsmaxOffset { get; }

    /// <summary>Bytes held by this tensor's quantized data and constants (code books not included: they are shared).</summary>
    public long StorageBytes => Packed.NumberOfElements + QuantizedAbsmax.NumberOfElements
        + AbsmaxScales.NumberOfElements * sizeof(float) + sizeof(float);

    /// <summary>Bytes of the two code books (16 NF4 + 256 dynamic float32 values), as bitsandbytes keeps them per state.</summary>
    public static long CodeBookBytes => (16 + 256) * sizeof(float);

    /// <summary>The first-level absmax, float32 [blocks of 64], as bitsandbytes' dequantize_4bit restores it.</summary>
    public Tensor DequantizeAbsmax() => DequantizeAbsmax(QuantizedAbsmax, AbsmaxScales, AbsmaxOffset);

    internal static Tensor DequantizeAbsmax(Tensor quantized, Tensor scales, float offset)
    {
        using var scope = NewDisposeScope();
        var centered = DynamicQuantizer.Dequantize(quantized, scales, Nf4Quantizer.StatsBlockSize);
        return (centered + offset).MoveToOuterDisposeScope();
    }

    /// <summary>The dequantized tensor: code value · block absmax, in <paramref name="dtype"/>.</summary>
    public Tensor Dequantize(ScalarType dtype = ScalarType.Float32) =>
        Dequantize(Packed, DequantizeAbsmax(), Shape, dtype);

    /// <summary>Dequantizes packed codes with a restored first-level absmax (float32 [blocks of 64]).</summary>
    internal static Tensor Dequantize(Tensor packed, Tensor absmax, long[] shape, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var blocks = absmax.shape[0];
        var values = Nf4Lookup.PairValues(packed);
        if (values.shape[0] != blocks * Nf4Quantizer.BlockSize)
            values = BlockwiseScaling.PadTo(values.narrow(0, 0, count), blocks * Nf4Quantizer.BlockSize);
        var scaled = values.reshape(blocks, Nf4Quantizer.BlockSize) * absmax.unsqueeze(1);
        return scaled.reshape(-1).narrow(0, 0, count).reshape(shape).to(dtype).MoveToOuterDisposeScope();
    }

    /// <summary>Moves the quantized data to a device (returns a new owner; this one is left as it was).</summary>
    public Nf4Weight To(Device device) => new(Shape, Packed.to(device), QuantizedAbsmax.to(device),
        AbsmaxScales.to(device), AbsmaxOffset);

    public void Dispose()
    {
        Packed.Dispose();
        QuantizedAbsmax.Dispose();
        AbsmaxScales.Dispose();
    }
}

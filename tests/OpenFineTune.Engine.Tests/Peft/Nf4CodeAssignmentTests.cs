using OpenFineTune.Engine.Peft;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Peft;

/// <summary>
/// NF4 code assignment against bitsandbytes' rule. Expected codes come from the CUDA decision tree
/// (csrc/kernels.cu dQuantizeNF4: "x &gt; threshold" picks the upper code) and the packing in
/// backends/default/ops.py (element 2i in the high nibble, an odd tail padded with a zero).
/// </summary>
public class Nf4CodeAssignmentTests
{
    static byte[] Quantize(float[] values)
    {
        using var w = tensor(values);
        using var q = Nf4Quantizer.Quantize(w);
        return q.Packed.data<byte>().ToArray();
    }

    static int[] Unpack(byte[] packed, int count) =>
        Enumerable.Range(0, count).Select(i => i % 2 == 0 ? packed[i / 2] >> 4 : packed[i / 2] & 0xF).ToArray();

    [Fact]
    public void CodeBookIsBitsandbytesNf4Table()
    {
        Assert.Equal(16, Nf4CodeBook.Values.Count);
        Assert.Equal(-1.0f, Nf4CodeBook.Values[0]);
        Assert.Equal(0.0f, Nf4CodeBook.Values[7]);
        Assert.Equal(0.07958029955625534f, Nf4CodeBook.Values[8]);
        Assert.Equal(1.0f, Nf4CodeBook.Values[15]);
    }

    [Fact]
    public void KernelThresholdsAreMidpointsOfNeighbouringCodes()
    {
        // The tree in kernels.cu was generated from midpoints; nearest-code and tree rules agree to float precision.
        for (var k = 0; k < 15; k++)
        {
            var mid = (Nf4CodeBook.Values[k] + Nf4CodeBook.Values[k + 1]) / 2f;
            Assert.True(Math.Abs(mid - Nf4CodeBook.Thresholds[k]) <= 2e-7f, $"threshold {k}: {Nf4CodeBook.Thresholds[k]} vs midpoint {mid}");
        }
    }

    [Fact]
    public void ValueExactlyOnThresholdTakesLowerCodeAndNextFloatUpTakesUpper()
    {
        // Block absmax is 1 (the leading 1.0), so scaled values equal the inputs exactly.
        var values = new List<float> { 1.0f };
        foreach (var t in Nf4CodeBook.Thresholds) { values.Add(t); values.Add(MathF.BitIncrement(t)); }
        var codes = Unpack(Quantize(values.ToArray()), values.Count);
        Assert.Equal(15, codes[0]);
        for (var k = 0; k < 15; k++)
        {
            Assert.Equal(k, codes[1 + 2 * k]);
            Assert.Equal(k + 1, codes[2 + 2 * k]);
        }
    }

    [Fact]
    public void SignedZerosAndExtremesMapToZeroMinusOneAndOneCodes()
    {
        var codes = Unpack(Quantize([0.0f, -0.0f, -1.0f, 1.0f, -0.5f]), 5);
        Assert.Equal([7, 7, 0, 15, 2], codes); // -0.5 lies between thresholds -0.6106 and -0.4600 → code 2 (-0.525)
    }

    [Fact]
    public void TwoCodesPackHighNibbleFirstAndOddTailPadsWithZeroCode()
    {
        Assert.Equal([0xF0], Quantize([1.0f, -1.0f]));
        Assert.Equal([0xF0, 0xF7], Quantize([1.0f, -1.0f, 1.0f]));
    }

    [Fact]
    public void AllZeroBlockGetsZeroCodesZeroAbsmaxAndDequantizesToZero()
    {
        using var w = zeros(128);
        w[64] = tensor(3.0f);
        using var q = Nf4Quantizer.Quantize(w);
        Assert.All(q.Packed.data<byte>().ToArray()[..32], b => Assert.Equal(0x77, b));
        using var restored = q.Dequantize();
        Assert.All(restored.data<float>().ToArray()[..64], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void OneHugeValueTakesTopCodeAndSmallNeighboursRoundToZero()
    {
        var values = Enumerable.Repeat(0.5f, 64).ToArray();
        values[10] = 1e6f;
        values[11] = -1e6f;
        var codes = Unpack(Quantize(values), 64);
        Assert.Equal(15, codes[10]);
        Assert.Equal(0, codes[11]);
        Assert.All(codes.Where((_, i) => i != 10 && i != 11), c => Assert.Equal(7, c));
    }

    [Fact]
    public void TailShorterThanABlockIsScaledByItsOwnAbsmax()
    {
        // 100 values: block 0 (64 values) has absmax 10; the 36-value tail has absmax 2, so 2·t is on a threshold.
        var values = new float[100];
        values[0] = 10f;
        values[64] = 2f;
        values[65] = 2f * Nf4CodeBook.Thresholds[12]; // exact: scaling by 2 is exact in binary
        values[66] = -2f;
        var packed = Quantize(values);
        Assert.Equal(50, packed.Length);
        var codes = Unpack(packed, 100);
        Assert.Equal([15, 12, 0, 7], codes[64..68]);
    }
}

using OpenFineTune.Engine.Peft;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Peft;

/// <summary>Round-trip error and storage of NF4 with double-quantized absmax (bitsandbytes' compress_statistics=True).</summary>
public class Nf4RoundTripTests
{
    // Largest gap in the NF4 table is between -1 and -0.6962: a value is never more than half of it from its code.
    static readonly float MaxHalfGap = Enumerable.Range(0, 15).Max(k => Nf4CodeBook.Values[k + 1] - Nf4CodeBook.Values[k]) / 2f;

    static Tensor GaussianWeight(long rows, long cols, int seed)
    {
        using var g = new Generator((ulong)seed);
        return randn([rows, cols], generator: g);
    }

    [Fact]
    public void EachBlockErrorIsWithinHalfTheLargestCodeGapTimesAbsmax()
    {
        using var scope = NewDisposeScope();
        var w = GaussianWeight(256, 512, seed: 1);
        using var q = Nf4Quantizer.Quantize(w);
        var blocks = w.reshape(-1, 64);
        var trueAbsmax = blocks.abs().amax([1L]);        // reference: the definition of blockwise absmax
        var storedAbsmax = q.DequantizeAbsmax();
        var error = (q.Dequantize().reshape(-1, 64) - blocks).abs().amax([1L]);
        // |w − c·A'| ≤ |w − c·A| + |c|·|A − A'| ≤ halfgap·A + |A − A'|
        var bound = trueAbsmax * MaxHalfGap + (trueAbsmax - storedAbsmax).abs() + 1e-6f;
        Assert.True((error <= bound).all().item<bool>(), $"worst excess {(error - bound).max().item<float>()}");
    }

    [Fact]
    public void MeanErrorOnGaussianWeightsIsAboutATenthOfTheStandardDeviation()
    {
        using var scope = NewDisposeScope();
        var w = GaussianWeight(512, 512, seed: 2);
        using var q = Nf4Quantizer.Quantize(w);
        var meanError = (q.Dequantize() - w).abs().mean().item<float>();
        // Measured 0.0729 (seed 2); 16 levels over ±absmax (≈2.4σ for 64 normal samples) give steps of ≈0.3σ, so ≈σ·0.3/4.
        Assert.InRange(meanError, 0.05f, 0.09f);
    }

    [Fact]
    public void DoubleQuantizedAbsmaxIsWithinTheEightBitRuleBound()
    {
        using var scope = NewDisposeScope();
        var w = GaussianWeight(1024, 512, seed: 3) * tensor(0.02f);
        using var q = Nf4Quantizer.Quantize(w);
        var trueAbsmax = w.reshape(-1, 64).abs().amax([1L]);
        var code = DynamicCodeBook.Values;
        var halfGap = Enumerable.Range(0, 255).Max(i => code[i + 1] - code[i]) / 2f;
        // Each 256-block of (absmax − mean) is scaled by its own absmax2; nearest code is at most halfGap away.
        var centered = trueAbsmax - q.AbsmaxOffset;
        var absmax2 = centered.reshape(-1, 256).abs().amax([1L]);
        Assert.Equal(absmax2.data<float>().ToArray(), q.AbsmaxScales.data<float>().ToArray());
        var error = (q.DequantizeAbsmax() - trueAbsmax).abs().reshape(-1, 256);
        var bound = absmax2.unsqueeze(1) * halfGap + 1e-7f;
        Assert.True((error <= bound).all().item<bool>());
        Assert.Equal(trueAbsmax.mean().item<float>(), q.AbsmaxOffset, 6);
    }

    [Fact]
    public void DynamicCodeBookMatchesCreateDynamicMap()
    {
        var code = DynamicCodeBook.Values;
        Assert.Equal(256, code.Count);
        Assert.True(code.Zip(code.Skip(1)).All(p => p.First < p.Second), "sorted and distinct");
        // create_dynamic_map(signed=True): 127 negative, 0, 126 positive means below 1, then 1.0.
        Assert.Equal(0f, code[127]);
        Assert.Equal(1f, code[255]);
        Assert.Equal(5.5e-7f, code[128], 12);                 // 1e-6 · (0.1 + 1)/2, the i=0 bin
        Assert.Equal(-(1f - 0.9f / 128), code[0], 6);         // i=6: linspace(0.1, 1, 65), last mean
        Assert.Equal(1f - 0.9f / 128, code[254], 6);
    }

    [Fact]
    public void BytesPerParameterIncludingConstantsIsBelowQLoraBudget()
    {
        // Shapes of Qwen2.5-0.5B's q_proj and down_proj; measured 0.5172 and 0.5161 bytes/param.
        foreach (var (rows, cols) in new[] { (896L, 896L), (896L, 4864L) })
        {
            using var w = GaussianWeight(rows, cols, seed: 4);
            using var layer = new Nf4Linear(w);
            var bytes = layer.WeightStorageBytes + Nf4Weight.CodeBookBytes;
            var perParameter = (double)bytes / (rows * cols);
            Assert.True(perParameter <= 0.53, $"{rows}x{cols}: {perParameter:F4} bytes/param");
            Assert.True(perParameter >= 0.5 + 1.0 / 64, "must count packed codes and 8-bit absmax");
        }
    }

    [Fact]
    public void Nf4LinearForwardUsesTheDequantizedWeight()
    {
        using var scope = NewDisposeScope();
        var w = GaussianWeight(48, 128, seed: 5);
        var b = GaussianWeight(1, 48, seed: 6).reshape(48);
        var x = GaussianWeight(3, 128, seed: 7);
        using var layer = new Nf4Linear(w, b);
        var expected = x.matmul(layer.DequantizeWeight().t()) + b;
        Assert.True(layer.call(x).allclose(expected, rtol: 1e-5, atol: 1e-5));
        Assert.All(layer.parameters(), p => Assert.False(p.requires_grad));
        Assert.Equal(ScalarType.BFloat16, layer.call(x.to(ScalarType.BFloat16)).dtype);
    }

    [Fact]
    public void Nf4LinearHoldsOnlyQuantizedBuffersAndAFrozenBias()
    {
        using var w = GaussianWeight(32, 64, seed: 8);
        using var b = zeros(32);
        using var layer = new Nf4Linear(w, b);
        var buffers = layer.named_buffers().ToDictionary(n => n.name, n => n.buffer);
        Assert.Equal(["weight_absmax", "weight_absmax_scales", "weight_packed"], buffers.Keys.Order());
        Assert.Equal(ScalarType.Byte, buffers["weight_packed"].dtype);
        Assert.Equal(32 * 64 / 2, buffers["weight_packed"].NumberOfElements);
        Assert.Equal(["bias"], layer.named_parameters().Select(p => p.name));
    }
}

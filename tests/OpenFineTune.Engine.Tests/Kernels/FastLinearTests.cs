using System.Runtime.Intrinsics;
using OpenFineTune.Engine.Kernels;
using OpenFineTune.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Kernels;

/// <summary>The decode-size linear kernel against libtorch's linear on the same weights.</summary>
public class FastLinearTests
{
    public static TheoryData<ScalarType, int, int, int, bool> Shapes()
    {
        var data = new TheoryData<ScalarType, int, int, int, bool>();
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.BFloat16 })
        foreach (var batch in new[] { 1, 2, 3, 4, 5, 8, 13, 16 })
        {
            data.Add(dtype, batch, 37, 23, batch % 2 == 0);  // in and out not multiples of 16 or 4: every tail path
            data.Add(dtype, batch, 160, 203, batch % 2 == 1); // several 64-row chunks: the threaded split
        }
        return data;
    }

    [Theory, MemberData(nameof(Shapes))]
    public void MatchesTorchLinear(ScalarType dtype, int batch, int inFeatures, int outFeatures, bool withBias)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator(seed: (ulong)(batch * 1000 + inFeatures));
        var weight = randn([outFeatures, inFeatures], generator: generator).to(dtype);
        var bias = withBias ? randn([outFeatures], generator: generator).to(dtype) : null;
        var x = randn([batch, 1, inFeatures], generator: generator).to(dtype);

        // Forward is exact for any row count; Applies picks it only where it beats libtorch (and never without AVX-512).
        Assert.Equal(Vector512.IsHardwareAccelerated && batch <= FastLinear.MaxRows(dtype), FastLinear.Applies(x, weight, bias));
        var fast = FastLinear.Forward(x, weight, bias);
        // The exact answer for these (already rounded) values, computed in float64.
        var exact = nn.functional.linear(x.to(ScalarType.Float64), weight.to(ScalarType.Float64), bias?.to(ScalarType.Float64));

        Assert.Equal(new long[] { batch, 1, outFeatures }, fast.shape);
        Assert.Equal(dtype, fast.dtype);
        // float32: summation order only; bfloat16: the output is rounded to 8 significant bits, as libtorch's is.
        var tolerance = dtype == ScalarType.Float32 ? 1e-4 : 1.0 / 128;
        var error = (fast.to(ScalarType.Float64) - exact).abs() / (exact.abs() + 1);
        Assert.True(error.max().item<double>() <= tolerance, $"max relative error {error.max().item<double>():E2}");
    }

    [Fact]
    public void LeavesPrefillGradientsAndOtherDtypesToTorch()
    {
        using var scope = NewDisposeScope();
        var weight = randn(8, 32);
        Assert.False(FastLinear.Applies(randn(FastLinear.MaxRows(ScalarType.Float32) + 1, 32), weight, null)); // prefill-sized
        Assert.False(FastLinear.Applies(randn(2, 32, dtype: ScalarType.Float16), weight.to(ScalarType.Float16), null));
        Assert.False(FastLinear.Applies(randn(2, 32), weight.to(ScalarType.BFloat16), null)); // mixed dtypes
        using (enable_grad()) Assert.False(FastLinear.Applies(randn(2, 32).requires_grad_(), weight, null));
    }

    [Fact]
    public void GradientsStillReachTheInputThroughAFrozenProjection()
    {
        using var scope = NewDisposeScope();
        var projection = nn.Linear(new TorchSharp.Modules.Parameter(randn(8, 32), requires_grad: false), new TorchSharp.Modules.Parameter(randn(8), requires_grad: false));
        var x = randn(1, 32).requires_grad_();

        Projection.Forward(projection, x).sum().backward();

        var expected = projection.weight!.sum(0, keepdim: true); // d(Σ xWᵀ)/dx
        Assert.True(x.grad is { } grad && grad.allclose(expected, rtol: 1e-5, atol: 1e-5));
    }
}

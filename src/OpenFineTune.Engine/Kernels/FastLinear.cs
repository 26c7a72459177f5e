using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Kernels;

/// <summary>
/// torch's linear for the inference case libtorch does slowly: a few rows (decode steps, see <see cref="MaxRows"/>)
/// through a float32 or bfloat16 weight on the CPU with no gradient wanted. <see cref="Gemv"/> reads the weight at
/// close to memory speed, where libtorch's matrix-vector product reaches about half. Everything else (training,
/// prefill, GPU, other dtypes) stays with libtorch.
/// </summary>
public static unsafe class FastLinear
{
    /// <summary>
    /// Above this many rows libtorch wins, so it keeps those: for float32 from prefill sizes on; for bfloat16 already
    /// from 4 rows, where oneDNN's AVX512-BF16 dot products (two bf16 products per float32 lane) beat widening to float32.
    /// </summary>
    public static long MaxRows(ScalarType weightType) => weightType == ScalarType.BFloat16 ? 3 : 16;

    /// <summary>Off switch for measuring libtorch alone in the same process (the benchmark's baseline).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>Whether <see cref="Forward"/> handles this input; otherwise call libtorch.</summary>
    public static bool Applies(Tensor x, Tensor weight, Tensor? bias) =>
        Enabled && Vector512.IsHardwareAccelerated
        && x.device_type == DeviceType.CPU && weight.device_type == DeviceType.CPU
        && weight.dim() == 2 && x.dim() >= 1 && x.shape[^1] == weight.shape[1] && weight.is_contiguous()
        && (weight.dtype == ScalarType.Float32 || weight.dtype == ScalarType.BFloat16) && x.dtype == weight.dtype
        && x.numel() / weight.shape[1] is var rows && rows > 0 && rows <= MaxRows(weight.dtype)
        && !(is_grad_enabled() && (x.requires_grad || weight.requires_grad || bias is { requires_grad: true }));

    /// <summary>x [..., in] · weight [out, in]ᵀ + bias [out] → [..., out] in x's dtype; only when <see cref="Applies"/>.</summary>
    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        var (outFeatures, inFeatures) = ((int)weight.shape[0], (int)weight.shape[1]);
        var rows = (int)(x.numel() / inFeatures);
        var input = x.to(ScalarType.Float32).contiguous();
        var bias32 = bias?.to(ScalarType.Float32).contiguous();
        var output = empty([rows, outFeatures], ScalarType.Float32);
        fixed (byte* px = input.bytes, pw = weight.bytes, py = output.bytes)
        fixed (byte* pb = bias32 is null ? default : bias32.bytes)
        {
            var threads = TorchRuntime.Threads;
            if (weight.dtype == ScalarType.Float32)
                Gemv.Float32((float*)px, rows, inFeatures, (float*)pw, (float*)pb, (float*)py, outFeatures, threads);
            else
                Gemv.BFloat16((float*)px, rows, inFeatures, (ushort*)pw, (float*)pb, (float*)py, outFeatures, threads);
        }
        long[] shape = [.. x.shape[..^1], outFeatures];
        return output.view(shape).to(x.dtype).MoveToOuterDisposeScope();
    }
}

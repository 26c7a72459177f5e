using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>RMSNorm as HF computes it: normalise in float32, cast back, then scale (<c>weight * x.to(input_dtype)</c>).</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight; // [dim]
    readonly Scalar _eps; // a field, not a temporary: libtorch may read a temporary Scalar after .NET freed it

    public RmsNorm(long dim, double eps, ScalarType dtype, Device device) : base(nameof(RmsNorm))
    {
        weight = new Parameter(ones(dim, dtype, device), requires_grad: false);
        _eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x.to(ScalarType.Float32);
        var meanSquare = (h * h).mean([-1], keepdim: true); // [..., 1]
        var normed = (h * rsqrt(meanSquare + _eps)).to(x.dtype);
        return (weight * normed).MoveToOuterDisposeScope();
    }
}

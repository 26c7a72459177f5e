using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace OpenFineTune.Engine.Peft;

/// <summary>
/// y = x·Wᵀ + b with W dequantized from NF4 in forward and again in backward, so autograd keeps no dense copy of
/// W between the passes (bitsandbytes' MatMul4Bit does the same). W and b are frozen: only x gets a gradient.
/// </summary>
sealed class Nf4LinearFunction : SingleTensorFunction<Nf4LinearFunction>
{
    const string LayerKey = "layer";

    public override string Name => nameof(Nf4LinearFunction);

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var (x, layer) = ((Tensor)vars[0], (Nf4Linear)vars[1]);
        ctx.save_data(LayerKey, layer);
        using var scope = NewDisposeScope();
        using var w = layer.DequantizeWeight(x.dtype);
        return layer.Project(x, w).MoveToOuterDisposeScope();
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        var layer = (Nf4Linear)ctx.get_data(LayerKey);
        using var scope = NewDisposeScope();
        using var w = layer.DequantizeWeight(grad_output.dtype);
        var gradInput = grad_output.matmul(w); // [.., out]·[out, in] → [.., in]
        return [gradInput.MoveToOuterDisposeScope(), null!];
    }
}

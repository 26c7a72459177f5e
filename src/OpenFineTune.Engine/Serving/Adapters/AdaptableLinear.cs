using TorchSharp;
using TorchSharp.Modules;
using OpenFineTune.Engine.Models;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Serving.Adapters;

/// <summary>
/// A base projection that adds the active adapter's low-rank update: y = W·x + b + B'·(A·x), where B' = (alpha/r)·B
/// was scaled once at load. Its parameters keep the base's names (<c>q_proj.weight</c>), so the model's state dict
/// is unchanged by the wrapping.
/// </summary>
internal sealed class AdaptableLinear : nn.Module<Tensor, Tensor>
{
    readonly Linear _base;
    readonly string _path;
    readonly AdapterSlot _slot;

    public AdaptableLinear(Linear baseLayer, string path, AdapterSlot slot) : base(nameof(AdaptableLinear))
    {
        (_base, _path, _slot) = (baseLayer, path, slot);
        register_parameter("weight", baseLayer.weight!);
        if (baseLayer.bias is { } bias) register_parameter("bias", bias);
    }

    public (long Out, long In) Shape => (_base.weight!.shape[0], _base.weight!.shape[1]);

    public override Tensor forward(Tensor x)
    {
        var y = Projection.Forward(_base, x);
        if (_slot.Active?.Find(_path) is not { } lora) return y;
        using (NewDisposeScope()) y.add_(nn.functional.linear(nn.functional.linear(x, lora.A), lora.ScaledB)); // [.., r] → [.., out]
        return y;
    }
}

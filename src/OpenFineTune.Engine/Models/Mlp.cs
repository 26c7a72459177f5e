using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>SwiGLU feed-forward: <c>down_proj(silu(gate_proj(x)) * up_proj(x))</c>.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>, IProjectionOwner
{
    nn.Module<Tensor, Tensor> gate_proj; // hidden → intermediate
    nn.Module<Tensor, Tensor> up_proj;   // hidden → intermediate
    nn.Module<Tensor, Tensor> down_proj; // intermediate → hidden

    public Mlp(DecoderConfig c, ScalarType dtype, Device device) : base(nameof(Mlp))
    {
        gate_proj = Projection.Create(c.HiddenSize, c.IntermediateSize, c.MlpBias, dtype, device);
        up_proj = Projection.Create(c.HiddenSize, c.IntermediateSize, c.MlpBias, dtype, device);
        down_proj = Projection.Create(c.IntermediateSize, c.HiddenSize, c.MlpBias, dtype, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var gated = nn.functional.silu(Projection.Forward(gate_proj, x)) * Projection.Forward(up_proj, x); // [B, T, intermediate]
        return Projection.Forward(down_proj, gated).MoveToOuterDisposeScope();
    }

    public IReadOnlyDictionary<string, nn.Module<Tensor, Tensor>> Projections => new Dictionary<string, nn.Module<Tensor, Tensor>>
    {
        [nameof(gate_proj)] = gate_proj, [nameof(up_proj)] = up_proj, [nameof(down_proj)] = down_proj,
    };

    public void ReplaceProjection(string name, nn.Module<Tensor, Tensor> replacement)
    {
        switch (name)
        {
            case nameof(gate_proj): gate_proj = replacement; break;
            case nameof(up_proj): up_proj = replacement; break;
            case nameof(down_proj): down_proj = replacement; break;
            default: throw new ArgumentException($"Mlp has no projection \"{name}\" (it has gate_proj, up_proj, down_proj)");
        }
        Projection.Reregister(this, name, replacement);
    }
}

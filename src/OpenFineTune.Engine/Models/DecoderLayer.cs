using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>One pre-norm transformer block: <c>h = x + attn(norm(x)); out = h + mlp(norm(h))</c>.</summary>
public sealed class DecoderLayer : nn.Module
{
    readonly RmsNorm input_layernorm;
    readonly Attention self_attn;
    readonly RmsNorm post_attention_layernorm;
    readonly Mlp mlp;

    public DecoderLayer(DecoderConfig c, ScalarType dtype, Device device) : base(nameof(DecoderLayer))
    {
        input_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype, device);
        self_attn = new Attention(c, dtype, device);
        post_attention_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype, device);
        mlp = new Mlp(c, dtype, device);
        RegisterComponents();
    }

    /// <summary>x [B, T, hidden] → [B, T, hidden]; <paramref name="layer"/> picks this block's entries of each group's cache.</summary>
    public Tensor forward(Tensor x, AttentionInputs inputs, int layer)
    {
        using var scope = NewDisposeScope();
        var h = x + self_attn.forward(input_layernorm.forward(x), inputs, layer);
        return (h + mlp.forward(post_attention_layernorm.forward(h))).MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// Grouped-query self-attention with rotary positions. Qwen2 adds q/k/v biases and Qwen3 per-head RMSNorm of
/// q and k (before RoPE); which applies comes from <see cref="ModelFamily"/>.
/// </summary>
public sealed class Attention : nn.Module, IProjectionOwner
{
    nn.Module<Tensor, Tensor> q_proj; // hidden → heads·hd
    nn.Module<Tensor, Tensor> k_proj; // hidden → kv_heads·hd
    nn.Module<Tensor, Tensor> v_proj; // hidden → kv_heads·hd
    nn.Module<Tensor, Tensor> o_proj; // heads·hd → hidden
    readonly RmsNorm? q_norm, k_norm;  // [hd], Qwen3 only
    readonly int _heads, _kvHeads, _headDim;

    public Attention(DecoderConfig c, ScalarType dtype, Device device) : base(nameof(Attention))
    {
        (_heads, _kvHeads, _headDim) = (c.NumAttentionHeads, c.KeyValueHeads, c.HeadDimension);
        bool qkvBias = c.Family.QkvBias(c), outBias = c.Family.OutputBias(c);
        q_proj = Projection.Create(c.HiddenSize, _heads * _headDim, qkvBias, dtype, device);
        k_proj = Projection.Create(c.HiddenSize, _kvHeads * _headDim, qkvBias, dtype, device);
        v_proj = Projection.Create(c.HiddenSize, _kvHeads * _headDim, qkvBias, dtype, device);
        o_proj = Projection.Create(_heads * _headDim, c.HiddenSize, outBias, dtype, device);
        if (c.Family.QkNorm) (q_norm, k_norm) = (new RmsNorm(_headDim, c.RmsNormEps, dtype, device), new RmsNorm(_headDim, c.RmsNormEps, dtype, device));
        RegisterComponents();
    }

    /// <summary>
    /// x [B, T, hidden] → [B, T, hidden]. Projections run on every row at once; attention runs per group, each against
    /// its own cache (layer <paramref name="layer"/>) and positions, appending this pass's keys/values to it.
    /// </summary>
    public Tensor forward(Tensor x, AttentionInputs inputs, int layer)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], length = x.shape[1];
        var q = Heads(Projection.Forward(q_proj, x), _heads, q_norm);           // [B, H, T, hd]
        var k = Heads(Projection.Forward(k_proj, x), _kvHeads, k_norm);         // [B, KV, T, hd]
        var v = Heads(Projection.Forward(v_proj, x), _kvHeads, null);           // [B, KV, T, hd]
        q = RotaryEmbedding.Apply(q, inputs.Cos, inputs.Sin);
        k = RotaryEmbedding.Apply(k, inputs.Cos, inputs.Sin);
        var groups = inputs.Groups;
        Tensor attended;
        if (groups.Count == 1) attended = Attend(q, k, v, groups[0], layer);
        else
        {
            var rows = groups.Select(g => g.Rows).ToArray();
            var (qs, ks, vs) = (q.split(rows), k.split(rows), v.split(rows));
            attended = cat(groups.Select((g, i) => Attend(qs[i], ks[i], vs[i], g, layer)).ToList(), 0);
        }
        var merged = attended.transpose(1, 2).reshape(batch, length, _heads * _headDim); // [B, T, H·hd]
        return Projection.Forward(o_proj, merged).MoveToOuterDisposeScope();
    }

    // One group's rows (already rotated): cache append, attention over its keys.
    Tensor Attend(Tensor q, Tensor k, Tensor v, SequenceGroup group, int layer)
    {
        if (group.Cache is { } cache) (k, v) = cache.Layer(layer).Append(k, v, group.Past); // [rows, KV, past + T, hd]
        return q.shape[2] == 1 && group.Mask is null
            ? DecodeOneToken(q, k, v)
            : nn.functional.scaled_dot_product_attention(q, RepeatKv(k), RepeatKv(v), group.Mask, is_casual: group.IsCausal);
    }

    Tensor Heads(Tensor projected, int heads, RmsNorm? norm)
    {
        var split = projected.view(projected.shape[0], projected.shape[1], heads, _headDim); // [B, T, h, hd]
        if (norm is not null) split = norm.forward(split);
        return split.transpose(1, 2);
    }

    // One query that sees every key: the group's query heads become rows of one kv head's attention, so the
    // cached keys/values are read in place instead of being copied group times per step.
    Tensor DecodeOneToken(Tensor q, Tensor k, Tensor v)
    {
        var group = _heads / _kvHeads;
        if (group == 1) return nn.functional.scaled_dot_product_attention(q, k, v);
        var grouped = q.reshape(q.shape[0], _kvHeads, group, _headDim); // [B, KV, group, hd]
        return nn.functional.scaled_dot_product_attention(grouped, k, v).reshape(q.shape[0], _heads, 1, _headDim);
    }

    // Query head h reads kv head h / (H / KV), as HF's repeat_kv.
    Tensor RepeatKv(Tensor kv)
    {
        var group = _heads / _kvHeads;
        if (group == 1) return kv;
        var (b, s) = (kv.shape[0], kv.shape[2]);
        return kv.unsqueeze(2).expand(b, _kvHeads, group, s, _headDim).reshape(b, _heads, s, _headDim);
    }

    public IReadOnlyDictionary<string, nn.Module<Tensor, Tensor>> Projections => new Dictionary<string, nn.Module<Tensor, Tensor>>
    {
        [nameof(q_proj)] = q_proj, [nameof(k_proj)] = k_proj, [nameof(v_proj)] = v_proj, [nameof(o_proj)] = o_proj,
    };

    public void ReplaceProjection(string name, nn.Module<Tensor, Tensor> replacement)
    {
        switch (name)
        {
            case nameof(q_proj): q_proj = replacement; break;
            case nameof(k_proj): k_proj = replacement; break;
            case nameof(v_proj): v_proj = replacement; break;
            case nameof(o_proj): o_proj = replacement; break;
            default: throw new ArgumentException($"Attention has no projection \"{name}\" (it has q_proj, k_proj, v_proj, o_proj)");
        }
        Projection.Reregister(this, name, replacement);
    }
}

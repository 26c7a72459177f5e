using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>HF's <c>model.*</c>: token embeddings, the decoder layers and the final norm.</summary>
public sealed class DecoderModel : nn.Module
{
    readonly TokenEmbedding embed_tokens;
    readonly ModuleList<DecoderLayer> layers;
    readonly RmsNorm norm;
    readonly RotaryEmbedding _rotary;
    readonly DecoderConfig _config;

    public DecoderModel(DecoderConfig c, ScalarType dtype, Device device) : base(nameof(DecoderModel))
    {
        _config = c;
        embed_tokens = new TokenEmbedding(c.VocabSize, c.HiddenSize, dtype, device);
        layers = nn.ModuleList(Enumerable.Range(0, c.NumHiddenLayers).Select(_ => new DecoderLayer(c, dtype, device)).ToArray());
        norm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype, device);
        _rotary = new RotaryEmbedding(c);
        RegisterComponents();
    }

    /// <summary>The embedding matrix, which a tied lm_head shares.</summary>
    public Tensor EmbeddingWeight => embed_tokens.Weight;

    /// <summary>
    /// inputIds [B, T] → final hidden states [B, T, hidden]. Positions run from <paramref name="start"/>
    /// (the cache length when a cache is given); keys/values are appended to <paramref name="cache"/>.
    /// With <paramref name="attentionMask"/> [B, past + T] (1 = token, 0 = left padding), each row's positions
    /// count only its real tokens and no query sees a pad key, as HF's attention_mask.
    /// </summary>
    public Tensor forward(Tensor inputIds, long start, KvCache? cache, Tensor? attentionMask = null)
    {
        using var scope = NewDisposeScope();
        var (batch, length) = (inputIds.shape[0], inputIds.shape[1]);
        var past = cache?.Length ?? 0;
        var positions = attentionMask is null
            ? arange(start, start + length, ScalarType.Int64, inputIds.device).unsqueeze(0).expand(batch, length)
            : PositionsFromMask(attentionMask, past, length);
        var h = embed_tokens.forward(inputIds); // [B, T, hidden]
        var (cos, sin) = _rotary.For(positions, h.dtype);
        var (mask, causal) = AttentionInputs.MaskFor(past, length, _config.EffectiveSlidingWindow, inputIds.device, attentionMask);
        h = Layers(h, new AttentionInputs(cos, sin, [new SequenceGroup(batch, cache, past, mask, causal)]));
        cache?.Advance(length);
        return norm.forward(h).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One decode step of several sequences: inputIds [R, 1] holds each row's next token, rows grouped by
    /// <paramref name="sequences"/> in order (their Rows sum to R). Each group continues from its own cache length
    /// and attends only to its own cache, so every row's result is the one it would get alone.
    /// </summary>
    public Tensor forward(Tensor inputIds, IReadOnlyList<CachedRows> sequences)
    {
        using var scope = NewDisposeScope();
        var rowPositions = sequences.SelectMany(s => Enumerable.Repeat(s.Cache.Length, (int)s.Rows)).ToArray();
        if (inputIds.dim() != 2 || inputIds.shape[1] != 1 || inputIds.shape[0] != rowPositions.Length)
            throw new ArgumentException($"inputIds must be [{rowPositions.Length}, 1] (one token per row of the sequences); got [{string.Join(", ", inputIds.shape)}]");
        var h = embed_tokens.forward(inputIds); // [R, 1, hidden]
        var (cos, sin) = _rotary.For(tensor(rowPositions, ScalarType.Int64, inputIds.device).unsqueeze(1), h.dtype); // [R, 1, 1, hd]
        var groups = new List<SequenceGroup>(sequences.Count);
        foreach (var (cache, rows) in sequences)
        {
            var (mask, causal) = AttentionInputs.MaskFor(cache.Length, 1, _config.EffectiveSlidingWindow, inputIds.device);
            groups.Add(new SequenceGroup(rows, cache, cache.Length, mask, causal));
        }
        h = Layers(h, new AttentionInputs(cos, sin, groups));
        foreach (var sequence in sequences) sequence.Cache.Advance(1);
        return norm.forward(h).MoveToOuterDisposeScope();
    }

    Tensor Layers(Tensor h, AttentionInputs inputs)
    {
        for (var i = 0; i < layers.Count; i++) h = layers[i].forward(h, inputs, i);
        return h;
    }

    // A token's position is the number of real tokens before it in its row.
    static Tensor PositionsFromMask(Tensor attentionMask, long past, long length)
    {
        if (attentionMask.dim() != 2 || attentionMask.shape[1] != past + length)
            throw new ArgumentException($"attentionMask must be [batch, {past + length}] (cached + new tokens); got [{string.Join(", ", attentionMask.shape)}]");
        var real = attentionMask.to(ScalarType.Int64);
        return (real.cumsum(1) - real).narrow(1, past, length); // [B, T]
    }
}

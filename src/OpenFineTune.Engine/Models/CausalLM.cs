using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// A decoder-only language model whose module tree mirrors the HF checkpoint (<c>model.layers.{i}.self_attn.q_proj</c>, …),
/// so loading is a walk over <c>named_parameters()</c>. With tied embeddings there is no <c>lm_head</c> module:
/// the head reads <c>model.embed_tokens.weight</c>.
/// </summary>
public sealed class CausalLM : nn.Module
{
    readonly DecoderModel model;
    readonly Linear? lm_head; // [vocab, hidden]; null when tied

    /// <summary>Builds the modules with allocated but unfilled weights; <see cref="ModelDirectory.Load"/> fills them.</summary>
    public CausalLM(DecoderConfig config, ScalarType dtype, Device? device = null) : base(nameof(CausalLM))
    {
        if (config.Problem() is { } problem) throw new ArgumentException($"config cannot be run: {problem}", nameof(config));
        (Config, DType, Device) = (config, dtype, device ?? CPU);
        model = new DecoderModel(config, dtype, Device);
        if (!config.TieWordEmbeddings) lm_head = Projection.Create(config.HiddenSize, config.VocabSize, false, dtype, Device);
        RegisterComponents();
    }

    public DecoderConfig Config { get; }

    /// <summary>HF's <c>model.*</c> (embeddings, layers, norm), e.g. for a trainer's <see cref="DecoderModel.RunLayer"/> hook.</summary>
    public DecoderModel Decoder => model;
    public ScalarType DType { get; }
    public Device Device { get; }

    /// <summary>Stop tokens and sampling defaults from generation_config.json (or config.json's ids).</summary>
    public GenerationConfig Generation { get; internal set; } = new();

    /// <summary>
    /// inputIds [B, T] (int64) → logits [B, T, vocab] (or [B, 1, vocab] with <paramref name="lastOnly"/>).
    /// With a cache, positions continue from <see cref="KvCache.Length"/> and the cache grows by T;
    /// without one, positions start at <paramref name="startPosition"/>. For a batch of sequences of different
    /// lengths, left-pad them and pass <paramref name="attentionMask"/> [B, cached + T] (1 = token, 0 = pad),
    /// extended by the new tokens on every call; the padded rows' logits are meaningless.
    /// </summary>
    public Tensor forward(Tensor inputIds, KvCache? cache = null, bool lastOnly = false, long startPosition = 0, Tensor? attentionMask = null)
    {
        using var scope = NewDisposeScope();
        var hidden = model.forward(inputIds, cache?.Length ?? startPosition, cache, attentionMask); // [B, T, hidden]
        if (lastOnly) hidden = hidden.narrow(1, hidden.shape[1] - 1, 1);
        return Logits(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One decode step of several sequences in one pass (continuous batching): inputIds [R, 1] holds the next token of
    /// every row, the rows of <paramref name="sequences"/> in order, each group with its own cache (of any length) that
    /// grows by one. Returns logits [R, 1, vocab], each row what that sequence would get decoded alone.
    /// </summary>
    public Tensor forward(Tensor inputIds, IReadOnlyList<CachedRows> sequences)
    {
        using var scope = NewDisposeScope();
        return Logits(model.forward(inputIds, sequences)).MoveToOuterDisposeScope();
    }

    Tensor Logits(Tensor hidden) =>
        lm_head is null ? Projection.Linear(hidden, model.EmbeddingWeight) : Projection.Forward(lm_head, hidden);

    /// <summary>An empty cache for this model's layers.</summary>
    public KvCache NewCache() => new(Config.NumHiddenLayers);

    /// <summary>Every block with swappable projections and its module path ("model.layers.0.self_attn", …), in order.</summary>
    public IEnumerable<(string Path, IProjectionOwner Owner)> ProjectionOwners() =>
        named_modules().Where(m => m.module is IProjectionOwner).Select(m => (m.name, (IProjectionOwner)m.module));
}

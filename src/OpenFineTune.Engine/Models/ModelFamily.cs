namespace OpenFineTune.Engine.Models;

/// <summary>Where the attention projections carry a bias.</summary>
public enum AttentionBiasRule
{
    /// <summary>Llama, Mistral, Qwen3: q/k/v/o all have a bias exactly when config <c>attention_bias</c> is true.</summary>
    FromConfigFlag,

    /// <summary>Qwen2: q/k/v always have a bias, o_proj never.</summary>
    QkvAlways,
}

/// <summary>
/// What distinguishes one supported HF architecture from another, as data rather than subclasses:
/// every family runs the same Llama-style blocks with these switches. <c>SlidingWindowNeedsFlag</c>: the family
/// ignores <c>sliding_window</c> unless <c>use_sliding_window</c> is set (Qwen), which we reject as unsupported.
/// </summary>
public sealed record ModelFamily(
    string Architecture,
    string ModelType,
    AttentionBiasRule Bias,
    bool QkNorm,
    bool SlidingWindowNeedsFlag)
{
    public static readonly ModelFamily Llama = new("LlamaForCausalLM", "llama", AttentionBiasRule.FromConfigFlag, false, false);
    public static readonly ModelFamily Mistral = new("MistralForCausalLM", "mistral", AttentionBiasRule.FromConfigFlag, false, false);
    public static readonly ModelFamily Qwen2 = new("Qwen2ForCausalLM", "qwen2", AttentionBiasRule.QkvAlways, false, true);
    public static readonly ModelFamily Qwen3 = new("Qwen3ForCausalLM", "qwen3", AttentionBiasRule.FromConfigFlag, true, true);

    public static IReadOnlyList<ModelFamily> All { get; } = [Llama, Mistral, Qwen2, Qwen3];

    /// <summary>The family for an HF <c>architectures[0]</c>, or null if it is not supported.</summary>
    public static ModelFamily? Find(string architecture) => All.FirstOrDefault(f => f.Architecture == architecture);

    public bool QkvBias(DecoderConfig c) => Bias == AttentionBiasRule.QkvAlways || c.AttentionBias;

    public bool OutputBias(DecoderConfig c) => Bias == AttentionBiasRule.FromConfigFlag && c.AttentionBias;
}

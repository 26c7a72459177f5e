using System.Text.Json.Serialization;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// The HF <c>config.json</c> of a decoder-only model (Llama, Mistral, Qwen2, Qwen3). Property names are the HF keys;
/// derived values (KV heads, head size, family) fill in HF's defaults when a key is absent.
/// </summary>
public sealed record DecoderConfig
{
    [JsonPropertyName("architectures")] public IReadOnlyList<string> Architectures { get; init; } = [];
    [JsonPropertyName("model_type")] public string? ModelType { get; init; }
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; }
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; }
    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; }
    [JsonPropertyName("num_hidden_layers")] public int NumHiddenLayers { get; init; }
    [JsonPropertyName("num_attention_heads")] public int NumAttentionHeads { get; init; }
    [JsonPropertyName("num_key_value_heads")] public int? NumKeyValueHeads { get; init; }
    [JsonPropertyName("head_dim")] public int? HeadDim { get; init; }
    [JsonPropertyName("hidden_act")] public string HiddenAct { get; init; } = "silu";
    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 2048;
    [JsonPropertyName("rms_norm_eps")] public double RmsNormEps { get; init; } = 1e-6;
    [JsonPropertyName("rope_theta")] public double RopeTheta { get; init; } = 10000.0;
    [JsonPropertyName("rope_scaling")] public RopeScaling? RopeScaling { get; init; }
    [JsonPropertyName("tie_word_embeddings")] public bool TieWordEmbeddings { get; init; }
    [JsonPropertyName("attention_bias")] public bool AttentionBias { get; init; }
    [JsonPropertyName("mlp_bias")] public bool MlpBias { get; init; }
    [JsonPropertyName("sliding_window")] public int? SlidingWindow { get; init; }
    [JsonPropertyName("use_sliding_window")] public bool? UseSlidingWindow { get; init; }
    [JsonPropertyName("bos_token_id")] public int? BosTokenId { get; init; }
    [JsonPropertyName("eos_token_id"), JsonConverter(typeof(TokenIdListConverter))]
    public IReadOnlyList<int>? EosTokenId { get; init; }
    [JsonPropertyName("initializer_range")] public double InitializerRange { get; init; } = 0.02;
    // transformers < 4.56 writes torch_dtype, newer versions write dtype.
    [JsonPropertyName("torch_dtype")] public string? TorchDtype { get; init; }
    [JsonPropertyName("dtype")] public string? Dtype { get; init; }

    [JsonIgnore] public int KeyValueHeads => NumKeyValueHeads ?? NumAttentionHeads;
    [JsonIgnore] public int HeadDimension => HeadDim ?? HiddenSize / NumAttentionHeads;
    [JsonIgnore] public string Architecture => Architectures.Count > 0 ? Architectures[0] : "";
    [JsonIgnore] public ModelFamily Family => ModelFamily.Find(Architecture)
        ?? throw new InvalidOperationException($"architecture \"{Architecture}\" is not supported");

    /// <summary>The saved weights' dtype name ("bfloat16", …), whichever key the config used.</summary>
    [JsonIgnore] public string? SavedDtype => Dtype ?? TorchDtype;

    /// <summary>The attention window every layer uses (Mistral), or null for full causal attention.</summary>
    [JsonIgnore] public int? EffectiveSlidingWindow =>
        Family.SlidingWindowNeedsFlag && UseSlidingWindow != true ? null : SlidingWindow;

    /// <summary>Reads and checks <paramref name="path"/>; every problem is a <see cref="ModelLoadException"/> naming the file.</summary>
    public static DecoderConfig Load(string path)
    {
        var config = HfJson.Read<DecoderConfig>(path);
        if (config.Problem() is { } problem) throw new ModelLoadException(path, problem);
        return config;
    }

    public void Save(string path) => HfJson.Write(path, this);

    /// <summary>Why this config cannot be run, or null when it can.</summary>
    public string? Problem() => DecoderConfigRules.FindProblem(this);
}

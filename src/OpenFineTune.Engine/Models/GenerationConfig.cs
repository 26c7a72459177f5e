using System.Text.Json.Serialization;

namespace OpenFineTune.Engine.Models;

/// <summary>HF <c>generation_config.json</c>: the model's own stop tokens and sampling defaults.</summary>
public sealed record GenerationConfig
{
    [JsonPropertyName("bos_token_id")] public int? BosTokenId { get; init; }
    [JsonPropertyName("eos_token_id"), JsonConverter(typeof(TokenIdListConverter))]
    public IReadOnlyList<int>? EosTokenId { get; init; }
    [JsonPropertyName("pad_token_id")] public int? PadTokenId { get; init; }
    [JsonPropertyName("do_sample")] public bool? DoSample { get; init; }
    [JsonPropertyName("temperature")] public double? Temperature { get; init; }
    [JsonPropertyName("top_p")] public double? TopP { get; init; }
    [JsonPropertyName("top_k")] public int? TopK { get; init; }
    [JsonPropertyName("repetition_penalty")] public double? RepetitionPenalty { get; init; }
    [JsonPropertyName("max_length")] public int? MaxLength { get; init; }

    /// <summary>
    /// Reads <c>generation_config.json</c> in <paramref name="directory"/>; when there is none, the ids of
    /// config.json stand in (as in HF). A corrupt file is an error naming it.
    /// </summary>
    public static GenerationConfig Load(string directory, DecoderConfig model)
    {
        var path = Path.Combine(directory, "generation_config.json");
        var config = System.IO.File.Exists(path) ? HfJson.Read<GenerationConfig>(path) : new GenerationConfig();
        return config with
        {
            BosTokenId = config.BosTokenId ?? model.BosTokenId,
            EosTokenId = config.EosTokenId ?? model.EosTokenId,
        };
    }

    /// <summary>All ids that end generation (HF allows a list, e.g. Llama 3's eot and eom).</summary>
    [JsonIgnore] public IReadOnlyList<int> EosTokenIds => EosTokenId ?? [];

    public void Save(string path) => HfJson.Write(path, this);
}

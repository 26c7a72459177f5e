using System.Text.Json.Serialization;

namespace OpenFineTune.Engine.Models;

/// <summary>HF <c>rope_scaling</c>: "llama3" (Llama 3.1/3.2 frequency bands) and "linear" are supported.</summary>
public sealed record RopeScaling
{
    // Older configs spell the kind "type", newer ones "rope_type".
    [JsonPropertyName("rope_type")] public string? RopeType { get; init; }
    [JsonPropertyName("type")] public string? LegacyType { get; init; }
    [JsonPropertyName("factor")] public double Factor { get; init; } = 1.0;
    [JsonPropertyName("low_freq_factor")] public double? LowFreqFactor { get; init; }
    [JsonPropertyName("high_freq_factor")] public double? HighFreqFactor { get; init; }
    [JsonPropertyName("original_max_position_embeddings")] public int? OriginalMaxPositionEmbeddings { get; init; }

    [JsonIgnore] public string Kind => RopeType ?? LegacyType ?? "default";

    /// <summary>Why this scaling cannot be used, or null when it can.</summary>
    public string? Problem() => Kind switch
    {
        "default" => null,
        "linear" => Factor > 0 ? null : "rope_scaling.factor must be positive",
        "llama3" when LowFreqFactor is null || HighFreqFactor is null || OriginalMaxPositionEmbeddings is null
            => "rope_scaling type llama3 needs low_freq_factor, high_freq_factor and original_max_position_embeddings",
        "llama3" => null,
        _ => $"rope_scaling type \"{Kind}\" is not supported (supported: llama3, linear)",
    };
}

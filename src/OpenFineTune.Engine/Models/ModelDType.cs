using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>The <c>--dtype auto|float32|bfloat16|float16</c> option; "auto" uses the dtype the checkpoint was saved in.</summary>
public static class ModelDType
{
    public static readonly IReadOnlyList<string> Choices = ["auto", "float32", "bfloat16", "float16"];

    public static ScalarType Resolve(string option, DecoderConfig config) => option switch
    {
        "auto" => FromHfName(config.SavedDtype) ?? ScalarType.Float32,
        _ => FromHfName(option) ?? throw new ArgumentException($"--dtype must be one of {string.Join(", ", Choices)}; got \"{option}\""),
    };

    public static ScalarType? FromHfName(string? name) => name switch
    {
        "float32" or "fp32" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        "float16" or "fp16" => ScalarType.Float16,
        _ => null,
    };

    public static string HfName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float16 => "float16",
        _ => throw new ArgumentException($"{type} is not a model dtype (float32, bfloat16, float16)"),
    };
}

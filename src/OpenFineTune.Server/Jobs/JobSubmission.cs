using OpenFineTune.Engine.Peft;
using OpenFineTune.Engine.Training;

namespace OpenFineTune.Server.Jobs;

/// <summary>A create-job request whose fields have been parsed and range-checked (files and model not yet looked up).</summary>
public sealed record JobSubmission(
    string Model,
    string TrainingFile,
    string? ValidationFile,
    string? Suffix,
    int? Seed,
    Dictionary<string, string>? Metadata,
    string? IntegrationsJson,
    HyperparameterChoices Hyperparameters,
    LoraChoices Lora);

/// <summary>The LoRA/QLoRA extension keys of method.supervised.hyperparameters; null means the default.</summary>
public sealed record LoraChoices(int? R = null, int? Alpha = null, double? Dropout = null, List<string>? TargetModules = null, string? Quantization = null,
    bool? GradientCheckpointing = null)
{
    public const string Nf4 = "nf4", NoQuantization = "none";
    static readonly LoraSettings Defaults = new();

    public int Rank => R ?? Defaults.Rank;
    public int AlphaOrDefault => Alpha ?? (int)Defaults.Alpha;
    public double DropoutOrDefault => Dropout ?? Defaults.Dropout;
    public string QuantizationOrDefault => Quantization ?? Nf4;

    /// <summary>What the trainer gets: QLoRA unless <c>quantization: "none"</c>; no target modules = every projection.</summary>
    public LoraSettings ToSettings() => new()
    {
        Rank = Rank, Alpha = AlphaOrDefault, Dropout = DropoutOrDefault, TargetModules = TargetModules ?? LoraSettings.AllProjections,
        Quantization = QuantizationOrDefault == NoQuantization ? BaseQuantization.None : BaseQuantization.Nf4,
    };
}

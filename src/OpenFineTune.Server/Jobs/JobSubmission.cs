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
public sealed record LoraChoices(int? R = null, int? Alpha = null, double? Dropout = null, List<string>? TargetModules = null, string? Quantization = null)
{
    public const string Nf4 = "nf4", NoQuantization = "none";
    static readonly LoraSettings Defaults = new();

    public LoraSettings ToSettings() => new(R ?? Defaults.Rank, Alpha ?? Defaults.Alpha, Dropout ?? Defaults.Dropout,
        TargetModules, Quantization != NoQuantization);
}

using System.Text.RegularExpressions;

namespace OpenFineTune.Engine.Peft;

/// <summary>How the frozen base projections are stored under the adapters.</summary>
public enum BaseQuantization
{
    /// <summary>Plain LoRA: the base keeps its dense weights.</summary>
    None,

    /// <summary>QLoRA: the base weights are NF4 with double-quantized constants.</summary>
    Nf4,
}

/// <summary>LoRA hyper-parameters, named as in PEFT's LoraConfig (defaults: r 16, alpha 32, dropout 0.05, all projections).</summary>
public sealed record LoraSettings
{
    /// <summary>Every linear projection of attention and MLP, by its Hugging Face name.</summary>
    public static IReadOnlyList<string> AllProjections { get; } =
        ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    public int Rank { get; init; } = 16;
    public double Alpha { get; init; } = 32;
    public double Dropout { get; init; } = 0.05;

    /// <summary>rsLoRA (https://arxiv.org/abs/2312.03732): scale by alpha/√r instead of alpha/r.</summary>
    public bool UseRsLora { get; init; }

    /// <summary>Projection names ("q_proj", or the short "q"); see <see cref="AllProjections"/>.</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = AllProjections;

    public BaseQuantization Quantization { get; init; } = BaseQuantization.None;

    /// <summary>The factor on B·A: alpha/r, or alpha/√r with rsLoRA (PEFT's LoraLayer.update_layer).</summary>
    public double Scaling => UseRsLora ? Alpha / Math.Sqrt(Rank) : Alpha / Rank;

    /// <summary>Marks a target that is a regular expression over the whole module path (PEFT's string form).</summary>
    public const string RegexPrefix = "re:";

    /// <summary>The target names in Hugging Face form ("q" → "q_proj"); paths and patterns are kept as given.</summary>
    public IReadOnlyList<string> NormalizedTargets() => TargetModules.Select(Normalize).Distinct().ToList();

    /// <summary>PEFT's rule: a name matches the module path or its dotted suffix; a pattern must match the whole path.</summary>
    public static bool Matches(string target, string modulePath)
    {
        if (target.StartsWith(RegexPrefix, StringComparison.Ordinal))
            return Regex.IsMatch(modulePath, $"^(?:{target[RegexPrefix.Length..]})$");
        return modulePath == target || modulePath.EndsWith("." + target, StringComparison.Ordinal);
    }

    static string Normalize(string t) =>
        t.StartsWith(RegexPrefix, StringComparison.Ordinal) || t.Contains('.') || t.EndsWith("_proj", StringComparison.Ordinal) ? t : t + "_proj";

    /// <summary>Throws when a value is outside what LoRA accepts, naming the field.</summary>
    public void Validate()
    {
        if (Rank < 1) throw new ArgumentException($"lora_r must be a positive integer; got {Rank}.");
        if (Alpha <= 0 || double.IsNaN(Alpha)) throw new ArgumentException($"lora_alpha must be positive; got {Alpha}.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"lora_dropout must be in [0, 1); got {Dropout}.");
        if (TargetModules.Count == 0) throw new ArgumentException("target_modules must name at least one projection.");
    }
}

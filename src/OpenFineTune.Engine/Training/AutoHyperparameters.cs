using System.Globalization;
using System.Text.Json;

namespace OpenFineTune.Engine.Training;

/// <summary>The three OpenAI hyper-parameters as requested; null means "auto".</summary>
public sealed record HyperparameterChoices(int? NEpochs = null, int? BatchSize = null, double? LearningRateMultiplier = null)
{
    public static HyperparameterChoices Auto { get; } = new();
}

/// <summary>Which learning-rate regime and epoch rule apply (see docs/hyperparameters.md).</summary>
public enum BaseModelKind
{
    /// <summary>The built-in random-weight model: only LoRA learns, so it needs many optimiser steps.</summary>
    BuiltIn,
    /// <summary>A pretrained checkpoint: the usual LoRA regime and OpenAI's epoch rule.</summary>
    Pretrained,
}

/// <summary>What a job trains with; the job shows these in place of "auto".</summary>
public sealed record ResolvedHyperparameters(
    int NEpochs, int BatchSize, double LearningRateMultiplier, double BaseLearningRate, int StepsPerEpoch, IReadOnlyList<string> Warnings)
{
    public double LearningRate => BaseLearningRate * LearningRateMultiplier;

    public int TotalSteps => StepsPerEpoch * NEpochs;
}

/// <summary>A bad hyper-parameter: <paramref name="Param"/> is its wire name (<c>n_epochs</c>).</summary>
public sealed record HyperparameterProblem(string Param, string Message)
{
    public override string ToString() => $"{Param}: {Message}";
}

/// <summary>Validates hyper-parameters with the API's ranges and resolves "auto" (rules in docs/hyperparameters.md).</summary>
public static class AutoHyperparameters
{
    public const int MaxEpochs = 50, MaxBatchSize = 256;
    public const double BuiltInBaseLearningRate = 3e-3, PretrainedBaseLearningRate = 2e-4;
    /// <summary>Optimiser steps auto n_epochs aims at for the built-in model (24 examples × 50 epochs / batch 2).</summary>
    public const int BuiltInTargetSteps = 600;
    /// <summary>The fewest steps with which the built-in model reached similarity ≥ 0.95 (40 epochs × 12 steps).</summary>
    public const int BuiltInMinimumSteps = 480;
    public const int BuiltInBatchSize = 2;
    const double BuiltInLowestRate = 2e-3, BuiltInHighestRate = 5e-3;

    public static IReadOnlyList<HyperparameterProblem> Validate(HyperparameterChoices requested)
    {
        var problems = new List<HyperparameterProblem>();
        if (requested.NEpochs is < 1 or > MaxEpochs) problems.Add(EpochsProblem(requested.NEpochs.Value.ToString(CultureInfo.InvariantCulture)));
        if (requested.BatchSize is < 1 or > MaxBatchSize) problems.Add(BatchProblem(requested.BatchSize.Value.ToString(CultureInfo.InvariantCulture)));
        if (requested.LearningRateMultiplier is { } m && !(m > 0 && double.IsFinite(m))) problems.Add(RateProblem(m.ToString(CultureInfo.InvariantCulture)));
        return problems;
    }

    /// <summary>Reads wire values (absent, <c>"auto"</c> or a number); bad ones go to <paramref name="problems"/>.</summary>
    public static HyperparameterChoices Parse(JsonElement? nEpochs, JsonElement? batchSize, JsonElement? learningRateMultiplier, List<HyperparameterProblem> problems)
    {
        int? Integer(JsonElement? v, int max, Func<string, HyperparameterProblem> bad) =>
            Read<int>(v, problems, bad, e => e.TryGetDouble(out var d) && d == Math.Floor(d) && d >= 1 && d <= max ? (int)d : (int?)null);
        return new(
            Integer(nEpochs, MaxEpochs, EpochsProblem),
            Integer(batchSize, MaxBatchSize, BatchProblem),
            Read(learningRateMultiplier, problems, RateProblem, e => e.TryGetDouble(out var d) && d > 0 && double.IsFinite(d) ? d : (double?)null));
    }

    /// <summary>The numbers to train with, for <paramref name="trainingExamples"/> examples on a <paramref name="model"/>.</summary>
    public static ResolvedHyperparameters Resolve(HyperparameterChoices requested, int trainingExamples, BaseModelKind model)
    {
        if (Validate(requested) is [var first, ..]) throw new ArgumentException(first.ToString(), nameof(requested));
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingExamples, 1);
        var batch = requested.BatchSize ?? AutoBatchSize(trainingExamples, model);
        var stepsPerEpoch = (trainingExamples + batch - 1) / batch;
        var epochs = requested.NEpochs ?? AutoEpochs(trainingExamples, stepsPerEpoch, model);
        var baseRate = model == BaseModelKind.BuiltIn ? BuiltInBaseLearningRate : PretrainedBaseLearningRate;
        var resolved = new ResolvedHyperparameters(epochs, batch, requested.LearningRateMultiplier ?? 1.0, baseRate, stepsPerEpoch, []);
        return model == BaseModelKind.BuiltIn ? resolved with { Warnings = BuiltInWarnings(resolved) } : resolved;
    }

    /// <summary>OpenAI's cookbook estimator: 3 epochs, more for tiny files (up to 25), fewer for huge ones.</summary>
    public static int CookbookEpochs(int trainingExamples) => (trainingExamples * 3) switch
    {
        < 100 => Math.Min(25, 100 / trainingExamples),
        > 25_000 => Math.Max(1, 25_000 / trainingExamples),
        _ => 3,
    };

    static int AutoBatchSize(int n, BaseModelKind model) => model == BaseModelKind.BuiltIn
        ? Math.Min(BuiltInBatchSize, n)
        : Math.Clamp(n / 500, 1, MaxBatchSize); // about 0.2% of the examples, as OpenAI's observed choices

    static int AutoEpochs(int n, int stepsPerEpoch, BaseModelKind model) => model == BaseModelKind.BuiltIn
        ? Math.Clamp((BuiltInTargetSteps + stepsPerEpoch - 1) / stepsPerEpoch, 1, MaxEpochs)
        : CookbookEpochs(n);

    static IReadOnlyList<string> BuiltInWarnings(ResolvedHyperparameters r)
    {
        var warnings = new List<string>();
        if (r.TotalSteps < BuiltInMinimumSteps)
            warnings.Add($"{r.TotalSteps} optimiser steps planned; the built-in model needed about {BuiltInMinimumSteps} to learn its examples in our measurements (more epochs or a smaller batch_size help)");
        if (r.LearningRate is < BuiltInLowestRate or > BuiltInHighestRate)
            warnings.Add($"learning rate {r.LearningRate.ToString("0.####", CultureInfo.InvariantCulture)} is outside 0.002 to 0.005, the range in which the built-in model learned (learning_rate_multiplier 0.67 to 1.67)");
        return warnings;
    }

    static T? Read<T>(JsonElement? value, List<HyperparameterProblem> problems, Func<string, HyperparameterProblem> bad, Func<JsonElement, T?> number)
        where T : struct
    {
        if (value is not { } v || v.ValueKind == JsonValueKind.Null || (v.ValueKind == JsonValueKind.String && v.GetString() == "auto")) return null;
        if (v.ValueKind == JsonValueKind.Number && number(v) is { } parsed) return parsed;
        problems.Add(bad(v.GetRawText()));
        return null;
    }

    static HyperparameterProblem EpochsProblem(string got) => new("n_epochs", $"expected \"auto\" or an integer from 1 to {MaxEpochs}; got {got}");
    static HyperparameterProblem BatchProblem(string got) => new("batch_size", $"expected \"auto\" or an integer from 1 to {MaxBatchSize}; got {got}");
    static HyperparameterProblem RateProblem(string got) => new("learning_rate_multiplier", $"expected \"auto\" or a number greater than 0; got {got}");
}

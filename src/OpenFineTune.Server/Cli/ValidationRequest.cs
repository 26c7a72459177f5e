using OpenFineTune.Engine.Training;

namespace OpenFineTune.Server.Cli;

/// <summary>What <c>validate</c> was asked to do.</summary>
public sealed record ValidationRequest(
    string TrainingFile,
    string? ValidationFile,
    string? Model,
    string DataDir,
    HyperparameterChoices Hyperparameters,
    int EstimateSteps,
    int Threads,
    int Longest)
{
    /// <summary>A mistake in the command itself (not in the data), or null.</summary>
    public string? UsageProblem()
    {
        foreach (var file in new[] { TrainingFile, ValidationFile }.OfType<string>())
            if (!File.Exists(file)) return $"file not found: {file}";
        if (AutoHyperparameters.Validate(Hyperparameters) is [var first, ..]) return first.ToString();
        if (EstimateSteps < 0) return $"--estimate-steps must be 0 or more; got {EstimateSteps}";
        if (Longest < 0) return $"--longest must be 0 or more; got {Longest}";
        return null;
    }
}

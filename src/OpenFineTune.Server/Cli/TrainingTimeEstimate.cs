using System.Diagnostics;
using OpenFineTune.Engine.Datasets;
using OpenFineTune.Engine.Training;
using OpenFineTune.Server.Jobs;

namespace OpenFineTune.Server.Cli;

/// <summary>
/// How long the whole fine-tune would take here, from a short real run of the trainer: a few steps on examples
/// spread over the file, with the job's batch size. The first step (warm-up) is not counted; the rate of the
/// others (tokens per second) is applied to all the tokens the plan trains on, and the measured set-up (loading
/// and quantizing the model) is added. Validation passes and checkpoint writes are not included.
/// </summary>
sealed record TrainingTimeEstimate(TimeSpan Setup, double TokensPerSecond, int MeasuredSteps, long PlannedTokens)
{
    public TimeSpan Total => Setup + TimeSpan.FromSeconds(PlannedTokens / TokensPerSecond);

    public string Describe() =>
        $"about {Duration(Total)} on this machine (timed {MeasuredSteps} steps: {TokensPerSecond:0} tokens/s after a {Setup.TotalSeconds:0.0} s set-up; "
        + $"{SplitReport.N(PlannedTokens)} tokens to train; excludes validation passes)";

    public static async Task<TrainingTimeEstimate> MeasureAsync(TrainingModel model, SplitReport training, ResolvedHyperparameters plan,
        int steps, ConsoleProgress progress, CancellationToken ct)
    {
        var sample = Spread(training.Conversations, Math.Min(training.Conversations.Count, steps * plan.BatchSize));
        var stepsPerEpoch = (sample.Count + plan.BatchSize - 1) / plan.BatchSize;
        var epochs = (steps + stepsPerEpoch - 1) / stepsPerEpoch;
        var timed = plan with { NEpochs = epochs, StepsPerEpoch = stepsPerEpoch, Warnings = [] };
        var work = Directory.CreateTempSubdirectory("oft-estimate-").FullName;
        try
        {
            var timer = new StepTimer(progress, stepsPerEpoch * epochs);
            var spec = new FineTuneSpec(model.Directory, model.Kind, sample, [], timed, new LoraChoices().ToSettings(), Seed: 0, WorkDirectory: work);
            await new QLoraTrainer().RunAsync(spec, timer, CancellationToken.None, ct);
            return new(timer.Setup, timer.TokensPerSecond, timer.Steps.Count, training.Tokens.Tokens * plan.NEpochs);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>n examples evenly spread over the file, so the timed lengths are typical of it.</summary>
    static List<Conversation> Spread(IReadOnlyList<Conversation> all, int n) =>
        Enumerable.Range(0, n).Select(i => all[(int)((long)i * all.Count / n)]).ToList();

    static string Duration(TimeSpan t) => t.TotalMinutes < 1 ? $"{t.TotalSeconds:0} s"
        : t.TotalHours < 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{(int)t.TotalHours} h {t.Minutes} min";

    /// <summary>Records when set-up ends and when each step ends, with the tokens trained so far.</summary>
    sealed class StepTimer(ConsoleProgress progress, int totalSteps) : IFineTuneObserver
    {
        readonly Stopwatch _clock = Stopwatch.StartNew();

        public TimeSpan Setup { get; private set; }
        public List<(TimeSpan At, long Tokens)> Steps { get; } = [];

        public double TokensPerSecond => Steps.Count switch
        {
            0 => throw new InvalidOperationException("the trainer ran no step"),
            1 => Steps[0].Tokens / (Steps[0].At - Setup).TotalSeconds,
            _ => (Steps[^1].Tokens - Steps[0].Tokens) / (Steps[^1].At - Steps[0].At).TotalSeconds,
        };

        public void OnMessage(string level, string message)
        {
            if (message.StartsWith("Training started", StringComparison.Ordinal)) Setup = _clock.Elapsed;
        }

        public void OnStep(TrainingStepMetrics metrics)
        {
            Steps.Add((_clock.Elapsed, metrics.TrainedTokens));
            progress.Report(metrics.Step, totalSteps);
        }

        public void OnCheckpoint(TrainingCheckpoint checkpoint) { }
    }
}

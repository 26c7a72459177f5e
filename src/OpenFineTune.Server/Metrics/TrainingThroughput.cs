using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenFineTune.Engine.Training;

namespace OpenFineTune.Server.Metrics;

/// <summary>
/// Training tokens per second of each job that reported a step recently, from the trainer's cumulative token
/// count: <c>openfinetune_training_tokens_per_second{job}</c>, plus the <see cref="ServerMeter.TrainedTokens"/> counter.
/// A job that has not reported for a minute (finished, paused, failed) drops out of the gauge.
/// </summary>
public static class TrainingThroughput
{
    static readonly TimeSpan Stale = TimeSpan.FromMinutes(1);
    static readonly ConcurrentDictionary<string, Sample> Jobs = new();

    sealed record Sample(long Tokens, long Timestamp, double TokensPerSecond);

    /// <summary>Called once per optimizer step (JobObserver). A resumed job's first step only sets the baseline.</summary>
    public static void Record(string jobId, TrainingStepMetrics step)
    {
        var now = Stopwatch.GetTimestamp();
        Jobs.AddOrUpdate(jobId,
            _ =>
            {
                if (step.Step == 1) ServerMeter.TrainedTokens.Add(step.TrainedTokens);
                return new Sample(step.TrainedTokens, now, 0);
            },
            (_, last) =>
            {
                var tokens = step.TrainedTokens - last.Tokens;
                if (tokens > 0) ServerMeter.TrainedTokens.Add(tokens);
                var seconds = Stopwatch.GetElapsedTime(last.Timestamp, now).TotalSeconds;
                return new Sample(step.TrainedTokens, now, seconds > 0 ? tokens / seconds : last.TokensPerSecond);
            });
    }

    /// <summary>The gauge's callback: one measurement per job that trained in the last minute.</summary>
    public static IEnumerable<Measurement<double>> Observe()
    {
        foreach (var (job, sample) in Jobs)
        {
            if (Stopwatch.GetElapsedTime(sample.Timestamp) > Stale) { Jobs.TryRemove(job, out _); continue; }
            if (sample.TokensPerSecond > 0) yield return new(sample.TokensPerSecond, new KeyValuePair<string, object?>("job", job));
        }
    }
}

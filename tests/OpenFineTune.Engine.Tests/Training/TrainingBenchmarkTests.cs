using OpenFineTune.Engine.Benchmarks;

namespace OpenFineTune.Engine.Tests.Training;

/// <summary>The training benchmark's report has its rows (a few tiny steps; timings are never asserted).</summary>
public class TrainingBenchmarkTests
{
    [Fact]
    public async Task ReportHasTokensPerSecondForBothMethodsAndTheMemoryRows()
    {
        var progress = new StringWriter();
        var report = await TrainingBenchmark.RunAsync(
            new TrainingBenchOptions(ModelDirectory: null, Threads: 1, Steps: 2, SequenceLength: 32, GrowthSteps: 20, CheckpointingSequenceLength: 64), progress, CancellationToken.None);

        Assert.Contains("| QLoRA (nf4) |", report);
        Assert.Contains("| LoRA (none) |", report);
        Assert.Contains("ours / raw (goal ≥ 0.85)", report);
        Assert.Contains("QLoRA / LoRA step time (goal ≤ 1.3):", report);
        Assert.Matches(@"NF4 bytes/param of the quantized linears \(goal ≤ 0.53\): 0\.5\d{3}", report);
        Assert.Contains("Native memory growth over 20 steps", report);
        Assert.Matches(@"one forward pass of 64 tokens .*: plain -?\d+ KiB, gradient checkpointing -?\d+ KiB", report);
        Assert.Contains("built-in", report);
        Assert.DoesNotContain("NaN", report);
    }
}

namespace OpenFineTune.Engine.Benchmarks;

/// <summary>
/// What <c>bench --suite training</c> measures. ModelDirectory null means the built-in model; Quantizations holds
/// "nf4" and/or "none" (QLoRA vs plain LoRA).
/// </summary>
public sealed record TrainingBenchOptions(
    string? ModelDirectory,
    int Threads = 2,
    int Steps = 10,
    int SequenceLength = 256,
    IReadOnlyList<string>? Quantizations = null);

/// <summary>Training tokens/s (vs a raw TorchSharp loop), step times, peak memory, NF4 bytes/param; returns a Markdown report.</summary>
public static class TrainingBenchmark
{
    public static Task<string> RunAsync(TrainingBenchOptions options, TextWriter progress, CancellationToken cancellationToken) =>
        throw new NotImplementedException("seam: the training benchmark is being written");
}

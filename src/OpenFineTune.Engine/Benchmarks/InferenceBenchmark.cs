namespace OpenFineTune.Engine.Benchmarks;

/// <summary>
/// What <c>bench</c> measures for generation. ModelDirectory is an HF directory (e.g. the Qwen2.5-0.5B-shaped one
/// that ../shared/tools/llamacpp-bench writes); LlamaCppKit, when set, is that kit's folder, run in the same
/// invocation so speeds can be reported as ratios against llama.cpp on the same weights.
/// </summary>
public sealed record InferenceBenchOptions(
    string ModelDirectory,
    IReadOnlyList<string> DTypes,
    int Threads = 2,
    IReadOnlyList<int>? PromptLengths = null,
    int DecodeTokens = 128,
    IReadOnlyList<int>? Concurrency = null,
    int Runs = 3,
    string? LlamaCppKit = null);

/// <summary>Prefill, decode, batched decode, time to first token and peak RSS; returns a Markdown report.</summary>
public static class InferenceBenchmark
{
    public static Task<string> RunAsync(InferenceBenchOptions options, TextWriter progress, CancellationToken cancellationToken) =>
        throw new NotImplementedException("seam: the inference benchmark is being written");
}

using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Kernels;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Engine.Benchmarks;

/// <summary>
/// What <c>bench</c> measures for generation. ModelDirectory is an HF directory (e.g. the Qwen2.5-0.5B-shaped one
/// that ../shared/tools/llamacpp-bench writes); LlamaCppKit, when set, is that kit's folder, run in the same
/// invocation so speeds can be reported as ratios against llama.cpp on the same weights.
/// MemoryCheckTokens (0 = skip) are decoded to compare resident memory after the first MemoryCheckWindow tokens
/// with the end; CompareLibTorch also times decode with libtorch's own linear (the fast kernel off).
/// </summary>
public sealed record InferenceBenchOptions(
    string ModelDirectory,
    IReadOnlyList<string> DTypes,
    int Threads = 2,
    IReadOnlyList<int>? PromptLengths = null,
    int DecodeTokens = 128,
    IReadOnlyList<int>? Concurrency = null,
    int Runs = 3,
    string? LlamaCppKit = null,
    int TimeToFirstTokenPrompt = 128,
    int MemoryCheckTokens = 10_000,
    int MemoryCheckWindow = 1_000,
    bool CompareLibTorch = true);

/// <summary>Prefill, decode, batched decode, time to first token and peak RSS; returns a Markdown report.</summary>
public static class InferenceBenchmark
{
    public static async Task<string> RunAsync(InferenceBenchOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        if (options.DTypes.Count == 0) throw new ArgumentException("give at least one dtype (float32, bfloat16)", nameof(options));
        if (options.Runs < 1 || options.DecodeTokens < 1) throw new ArgumentException("runs and decode tokens must be at least 1", nameof(options));
        TorchRuntime.Configure(options.Threads);
        var report = new InferenceReport(options);
        foreach (var dtype in options.DTypes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reference = await LlamaCppAsync(options, dtype, progress, cancellationToken).ConfigureAwait(false);
            report.Add(await MeasureAsync(options, dtype, progress, cancellationToken).ConfigureAwait(false), reference);
        }
        return report.ToMarkdown();
    }

    static async Task<LlamaCppResult?> LlamaCppAsync(InferenceBenchOptions options, string dtype, TextWriter progress, CancellationToken cancellationToken)
    {
        if (options.LlamaCppKit is not { } kit) return null;
        var gguf = LlamaCppReference.FindGguf(options.ModelDirectory, dtype)
            ?? throw new ArgumentException($"--llamacpp {kit}: no GGUF for {dtype} next to {options.ModelDirectory} (run the kit's run.sh first; it writes the HF directory and the GGUFs side by side)");
        progress.WriteLine($"llama.cpp on {Path.GetFileName(gguf)} ...");
        return await LlamaCppReference.RunAsync(kit, gguf, options, PromptLengths(options), progress, cancellationToken).ConfigureAwait(false);
    }

    static IReadOnlyList<int> PromptLengths(InferenceBenchOptions o) => o.PromptLengths ?? [32, 128, 512];

    static async Task<DTypeMeasurement> MeasureAsync(InferenceBenchOptions o, string dtype, TextWriter progress, CancellationToken cancellationToken)
    {
        ProcessMemory.ResetPeak();
        using var registry = new ModelRegistry(new EngineOptions { Models = [o.ModelDirectory], Dtype = dtype, Threads = o.Threads });
        var loaded = registry.Base(registry.BaseModels[0].Id);
        var model = loaded.Model;
        var probe = new ModelProbe(model, Math.Min(model.Config.VocabSize, loaded.Tokenizer.VocabSize));
        var eos = loaded.Generation.EosTokenIds.Concat(loaded.Tokenizer.EosId is { } id ? [id] : []).Distinct().ToList();
        var engine = new EngineProbe(new TextGenerator(registry), loaded.Id, eos, probe);
        var m = new DTypeMeasurement(dtype, model.Config.NumHiddenLayers, Parameters(model));
        var lengths = PromptLengths(o);

        progress.WriteLine($"{dtype}: warm-up");
        probe.Prefill(lengths.Max());
        probe.Decode(1, 8);
        for (var run = 1; run <= o.Runs; run++)
        {
            progress.WriteLine($"{dtype}: run {run}/{o.Runs}");
            foreach (var n in lengths) Note(progress, $"prefill {n}", m.Prefill.Add(n, n / probe.Prefill(n)));
            Note(progress, $"decode {o.DecodeTokens}", Add(m.Decode, o.DecodeTokens / probe.Decode(1, o.DecodeTokens)));
            if (o.CompareLibTorch)
                Note(progress, "decode, libtorch linear only", Add(m.DecodeLibTorch, o.DecodeTokens / WithoutFastKernel(() => probe.Decode(1, o.DecodeTokens))));
            foreach (var rows in Concurrency(o))
                Note(progress, $"model batched decode, {rows} rows", m.BatchedModel.Add(rows, rows * o.DecodeTokens / probe.Decode(rows, o.DecodeTokens)));
        }
        foreach (var c in new[] { 1 }.Concat(Concurrency(o)))
            for (var run = 0; run < o.Runs; run++)
                Note(progress, $"engine, {c} concurrent request(s)", m.Engine.Add(c, await engine.AggregateTokensPerSecond(c, o.DecodeTokens, cancellationToken).ConfigureAwait(false)));
        for (var run = 0; run < o.Runs; run++)
            Note(progress, "time to first token (s)", Add(m.TimeToFirstToken, await engine.TimeToFirstToken(o.TimeToFirstTokenPrompt, cancellationToken).ConfigureAwait(false)));
        m.PeakRssBytes = ProcessMemory.PeakRssBytes();
        if (o.MemoryCheckTokens > 0)
        {
            progress.WriteLine($"{dtype}: memory check, {o.MemoryCheckTokens} decoded tokens");
            m.Memory = probe.MemoryAfterDecoding(o.MemoryCheckTokens, Math.Min(o.MemoryCheckWindow, o.MemoryCheckTokens),
                n => progress.WriteLine($"  {n} tokens, RSS {ProcessMemory.SettledRssBytes() >> 20} MiB"));
        }
        return m;
    }

    static void Note(TextWriter progress, string what, double value) => progress.WriteLine($"  {what}: {value:0.###}");

    static double Add(List<double> samples, double value)
    {
        samples.Add(value);
        return value;
    }

    static IReadOnlyList<int> Concurrency(InferenceBenchOptions o) => o.Concurrency ?? [4, 16];

    static T WithoutFastKernel<T>(Func<T> run)
    {
        FastLinear.Enabled = false;
        try { return run(); }
        finally { FastLinear.Enabled = true; }
    }

    static long Parameters(Models.CausalLM model) => model.parameters().Sum(p => p.numel());
}

using System.CommandLine;
using OpenFineTune.Engine.Benchmarks;

namespace OpenFineTune.Server.Cli;

/// <summary>The engine's benchmarks <c>bench</c> runs; tests swap in fakes to check the option wiring.</summary>
public sealed record BenchSuites(
    Func<InferenceBenchOptions, TextWriter, CancellationToken, Task<string>> Inference,
    Func<TrainingBenchOptions, TextWriter, CancellationToken, Task<string>> Training)
{
    public static BenchSuites Engine { get; } = new(InferenceBenchmark.RunAsync, TrainingBenchmark.RunAsync);
}

/// <summary>
/// <c>bench</c>: the engine's inference and training benchmarks. Progress lines go to stderr, the Markdown report to
/// stdout (and to <c>--output FILE</c>), so <c>bench &gt; report.md</c> keeps only the report.
/// </summary>
public sealed class BenchCommand
{
    readonly Option<string> Suite = new Option<string>("--suite")
        { HelpName = "inference|training|all", Description = "Which benchmarks to run", DefaultValueFactory = _ => "all" }
        .AcceptOnlyFromAmong("inference", "training", "all");
    readonly Option<string> Model = new("--model")
        { HelpName = "DIR", Description = "Hugging Face model directory (needed for inference; training defaults to the built-in model)" };
    readonly Option<string[]> Dtypes = CommaList("--dtype", "float32,bfloat16", "Weight types to measure inference in", "float32");
    readonly Option<int> Threads = new("--threads") { HelpName = "N", Description = "libtorch threads", DefaultValueFactory = _ => 2 };
    readonly Option<int> Runs = new("--runs") { HelpName = "N", Description = "Repetitions of each inference measurement", DefaultValueFactory = _ => 3 };
    readonly Option<string[]> PromptLengths = CommaList("--prompt-lengths", "N,N", "Prompt lengths for prefill and time to first token (default: the benchmark's)");
    readonly Option<int> DecodeTokens = new("--decode-tokens") { HelpName = "N", Description = "Tokens generated per decode run", DefaultValueFactory = _ => 128 };
    readonly Option<string[]> Concurrency = CommaList("--concurrency", "N,N", "Concurrent requests for batched decode (default: the benchmark's)");
    readonly Option<string> LlamaCppKit = new("--llamacpp-kit")
        { HelpName = "DIR", Description = "The llamacpp-bench kit folder: also run llama.cpp on the same weights and report ratios" };
    readonly Option<int> MemoryTokens = new("--memory-tokens")
        { HelpName = "N", Description = "Tokens decoded by the inference memory check (RSS after the first 1,000 vs after N; 0 skips it)", DefaultValueFactory = _ => 10_000 };
    readonly Option<int> Steps = new("--steps") { HelpName = "N", Description = "Training steps to time", DefaultValueFactory = _ => 10 };
    readonly Option<int> SequenceLength = new("--sequence-length") { HelpName = "N", Description = "Training sequence length in tokens", DefaultValueFactory = _ => 256 };
    readonly Option<int> GrowthSteps = new("--growth-steps")
        { HelpName = "N", Description = "Training steps of the native-memory growth check on the built-in model (0 skips it)", DefaultValueFactory = _ => 1000 };
    readonly Option<string[]> Quantizations = CommaList("--quantization", "nf4,none", "Training base weights: nf4 (QLoRA) and/or none (LoRA) (default: the benchmark's)");
    readonly Option<FileInfo> Output = new("--output") { HelpName = "FILE", Description = "Also write the Markdown report to FILE" };

    public static Command Create(BenchSuites suites) => new BenchCommand().Command(suites);

    Command Command(BenchSuites suites)
    {
        var bench = new Command("bench", "Benchmark the engine: inference (prefill, decode, batching, memory) and training (tokens/s, step time, memory); prints a Markdown report.");
        foreach (var option in new Option[] { Suite, Model, Dtypes, Threads, Runs, PromptLengths, DecodeTokens, Concurrency, LlamaCppKit, MemoryTokens, Steps, SequenceLength, GrowthSteps, Quantizations, Output })
            bench.Add(option);
        bench.SetAction((parsed, ct) => RunAsync(parsed, suites, ct));
        return bench;
    }

    async Task<int> RunAsync(ParseResult parsed, BenchSuites suites, CancellationToken ct)
    {
        var (output, progress) = (parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error);
        var suite = parsed.GetValue(Suite)!;
        var model = parsed.GetValue(Model);
        if (suite != "training" && model is null)
        {
            progress.WriteLine("error: the inference benchmark needs --model DIR (a Hugging Face model directory, e.g. one written by ../shared/tools/llamacpp-bench)");
            return CommandLineApp.UsageError;
        }
        var reports = new List<string>();
        if (suite != "training") reports.Add(await suites.Inference(InferenceOptions(parsed, model!), progress, ct));
        if (suite != "inference") reports.Add(await suites.Training(TrainingOptions(parsed, model), progress, ct));
        var report = string.Join("\n\n", reports);
        output.WriteLine(report);
        if (parsed.GetValue(Output) is { } file) await File.WriteAllTextAsync(file.FullName, report + "\n", ct);
        return CommandLineApp.Success;
    }

    InferenceBenchOptions InferenceOptions(ParseResult p, string model) => new(
        model, p.GetValue(Dtypes)!, p.GetValue(Threads), Integers(p, PromptLengths), p.GetValue(DecodeTokens),
        Integers(p, Concurrency), p.GetValue(Runs), p.GetValue(LlamaCppKit), MemoryCheckTokens: p.GetValue(MemoryTokens));

    TrainingBenchOptions TrainingOptions(ParseResult p, string? model) => new(
        model, p.GetValue(Threads), p.GetValue(Steps), p.GetValue(SequenceLength), NullIfEmpty(p.GetValue(Quantizations)),
        p.GetValue(GrowthSteps));

    static List<int>? Integers(ParseResult p, Option<string[]> option) => NullIfEmpty(p.GetValue(option))?.Select(int.Parse).ToList();

    /// <summary>Not given: null, so the benchmark uses its own default.</summary>
    static string[]? NullIfEmpty(string[]? values) => values is { Length: > 0 } ? values : null;

    /// <summary>A comma-separated list (<c>--dtype float32,bfloat16</c>); numbers are checked when the list is of numbers.</summary>
    static Option<string[]> CommaList(string name, string helpName, string description, params string[] defaults)
    {
        var option = new Option<string[]>(name)
        {
            HelpName = helpName, Description = description,
            CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
        };
        if (defaults.Length > 0) option.DefaultValueFactory = _ => defaults;
        if (helpName == "N,N")
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string[]>()?.FirstOrDefault(v => !int.TryParse(v, out var n) || n < 1) is { } bad)
                    result.AddError($"{name} expects positive integers separated by commas; got \"{bad}\"");
            });
        return option;
    }
}

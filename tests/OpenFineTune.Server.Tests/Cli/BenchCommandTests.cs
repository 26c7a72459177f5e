using OpenFineTune.Engine.Benchmarks;
using OpenFineTune.Server.Cli;

namespace OpenFineTune.Server.Tests.Cli;

/// <summary><c>bench</c> maps its options onto the engine's benchmark options and prints (and saves) their reports.</summary>
public sealed class BenchCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("oft-cli-bench-").FullName;
    readonly List<object> _calls = [];

    BenchSuites Recording => new(
        (options, progress, _) => { _calls.Add(options); progress.WriteLine("inference progress"); return Task.FromResult("# Inference report"); },
        (options, progress, _) => { _calls.Add(options); return Task.FromResult("# Training report"); });

    [Fact]
    public void AllSuitesRunWithTheirOptionsAndTheReportIsPrintedAndSaved()
    {
        var report = Path.Combine(_dir, "report.md");

        var result = CliRun.Run(Recording, "bench", "--model", "/models/qwen", "--dtype", "float32,bfloat16", "--threads", "1", "--runs", "5",
            "--prompt-lengths", "16,512", "--concurrency", "1,4", "--llamacpp-kit", "/kit", "--memory-tokens", "0", "--steps", "3", "--growth-steps", "0", "--quantization", "nf4,none", "--output", report);

        Assert.Equal(0, result.ExitCode);
        var inference = Assert.IsType<InferenceBenchOptions>(_calls[0]);
        Assert.Equal(("/models/qwen", 1, 128, 5, "/kit"), (inference.ModelDirectory, inference.Threads, inference.DecodeTokens, inference.Runs, inference.LlamaCppKit));
        Assert.Equal(["float32", "bfloat16"], inference.DTypes);
        Assert.Equal([16, 512], inference.PromptLengths!);
        Assert.Equal([1, 4], inference.Concurrency!);
        Assert.Equal(0, inference.MemoryCheckTokens);
        var training = Assert.IsType<TrainingBenchOptions>(_calls[1]);
        Assert.Equal(("/models/qwen", 1, 3, 256, 0), (training.ModelDirectory, training.Threads, training.Steps, training.SequenceLength, training.GrowthSteps));
        Assert.Equal(["nf4", "none"], training.Quantizations!);
        Assert.Equal("# Inference report\n\n# Training report", result.Output.TrimEnd());
        Assert.Equal("# Inference report\n\n# Training report\n", File.ReadAllText(report));
        Assert.Contains("inference progress", result.Error);
    }

    [Fact]
    public void TheTrainingSuiteAloneDefaultsToTheBuiltInModel()
    {
        var result = CliRun.Run(Recording, "bench", "--suite", "training");

        Assert.Equal(0, result.ExitCode);
        var training = Assert.IsType<TrainingBenchOptions>(Assert.Single(_calls));
        Assert.Equal(new TrainingBenchOptions(null, Threads: 2, Steps: 10, SequenceLength: 256, Quantizations: null), training);
    }

    [Theory]
    [InlineData("the inference benchmark needs --model DIR", "bench")]
    [InlineData("--concurrency expects positive integers separated by commas; got \"x\"", "bench", "--model", "/m", "--concurrency", "1,x")]
    [InlineData("inference", "bench", "--suite", "speed")]
    public void MistakesAreUsageErrors(string message, params string[] args)
    {
        var result = CliRun.Run(Recording, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Empty(_calls);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

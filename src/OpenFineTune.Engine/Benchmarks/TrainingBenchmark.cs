using System.Diagnostics;
using System.Globalization;
using System.Text;
using OpenFineTune.Engine.Datasets;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.BuiltIn;
using OpenFineTune.Engine.Peft;
using OpenFineTune.Engine.Training;

namespace OpenFineTune.Engine.Benchmarks;

/// <summary>
/// What <c>bench --suite training</c> measures. ModelDirectory null means the built-in model; Quantizations holds
/// "nf4" and/or "none" (QLoRA vs plain LoRA). GrowthSteps: on the built-in model, a run of that many steps whose
/// resident memory after the first tenth is compared with the end (0 skips it). CheckpointingSequenceLength: the
/// sequence (capped at the model's context) whose forward pass is measured with and without gradient checkpointing.
/// </summary>
public sealed record TrainingBenchOptions(
    string? ModelDirectory,
    int Threads = 2,
    int Steps = 10,
    int SequenceLength = 256,
    IReadOnlyList<string>? Quantizations = null,
    int GrowthSteps = 1000,
    int CheckpointingSequenceLength = 1024);

/// <summary>Training tokens/s (vs a raw TorchSharp loop), step times, peak memory, NF4 bytes/param; returns a Markdown report.</summary>
public static partial class TrainingBenchmark
{
    /// <summary>Per measured step: one example of SequenceLength tokens (batch 1); the first step is a warm-up, not timed.</summary>
    sealed record Measurement(string Quantization, double OursStepMs, double RawStepMs, int TokensPerStep, long PeakRssAfter)
    {
        public double OursTokensPerSecond => TokensPerStep / (OursStepMs / 1000);
        public double RawTokensPerSecond => TokensPerStep / (RawStepMs / 1000);
    }

    public static async Task<string> RunAsync(TrainingBenchOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        TorchRuntime.Configure(options.Threads);
        using var scratch = new ScratchDirectory();
        var modelDirectory = options.ModelDirectory ?? BuiltInModel.EnsureCreated(scratch.Path);
        var config = DecoderConfig.Load(Path.Combine(modelDirectory, ModelDirectory.ConfigFile));
        var length = Math.Min(options.SequenceLength, config.MaxPositionEmbeddings);
        // First, on a fresh heap: memory freed by earlier phases would hide the activations' growth.
        progress.WriteLine("training bench: activation memory with and without gradient checkpointing");
        var checkpointLength = Math.Min(options.CheckpointingSequenceLength, config.MaxPositionEmbeddings);
        var checkpointMemory = CheckpointingMemory(modelDirectory, checkpointLength);
        var examples = Examples(modelDirectory, length, options.Steps + 1);
        var measurements = new List<Measurement>();
        double? nf4BytesPerParam = null;
        foreach (var quantization in options.Quantizations ?? ["nf4", "none"])
        {
            cancellationToken.ThrowIfCancellationRequested();
            var nf4 = quantization == "nf4";
            progress.WriteLine($"training bench: {quantization}, our trainer, {options.Steps} steps of {length} tokens");
            var ours = await OursStepMsAsync(modelDirectory, examples.Conversations, length, nf4, scratch.Path, cancellationToken);
            progress.WriteLine($"training bench: {quantization}, raw TorchSharp loop");
            var (raw, bytesPerParam) = RawLoop(modelDirectory, examples.Tokenized, nf4, cancellationToken);
            if (nf4) nf4BytesPerParam = bytesPerParam;
            measurements.Add(new(quantization, ours, raw, length, ProcessMemory.PeakRssBytes()));
        }
        double? growth = null;
        if (options.ModelDirectory is null && options.GrowthSteps > 0)
        {
            progress.WriteLine($"training bench: native memory over {options.GrowthSteps} steps");
            growth = await MemoryGrowthAsync(modelDirectory, scratch.Path, options.GrowthSteps, cancellationToken);
        }
        return Report(options, config, length, measurements, nf4BytesPerParam, growth, (checkpointLength, checkpointMemory.Plain, checkpointMemory.Checkpointed));
    }

    /// <summary>Chats whose assistant answer is long enough to be cut at <paramref name="length"/> tokens, and their tokenization.</summary>
    static (IReadOnlyList<Conversation> Conversations, IReadOnlyList<SftExample> Tokenized) Examples(string modelDirectory, int length, int count)
    {
        var answer = string.Concat(Enumerable.Repeat("Prueba a cerrar la sesión, borra las cookies y vuelve a entrar. ", length / 8 + 8));
        var conversations = Enumerable.Range(1, count).Select(i => new Conversation(i, DatasetFormat.Chat,
        [
            ConversationMessage.Text("user", $"Pregunta {i}: no puedo entrar", "messages[0].content"),
            ConversationMessage.Text("assistant", answer, "messages[1].content"),
        ], [], null)).ToList();
        var dataset = SftDataset.Prepare(conversations, SftExampleBuilder.ForModel(modelDirectory, length), "training_file");
        return (conversations, dataset.Examples);
    }

    /// <summary>Mean step time of <see cref="QLoraTrainer"/> over all steps but the first, from its per-step reports.</summary>
    static async Task<double> OursStepMsAsync(string modelDirectory, IReadOnlyList<Conversation> chats, int length, bool nf4, string scratch, CancellationToken ct)
    {
        var timer = new StepTimer();
        var hyper = new ResolvedHyperparameters(1, 1, 1, AutoHyperparameters.PretrainedBaseLearningRate, chats.Count, []);
        var lora = new LoraSettings { Quantization = nf4 ? BaseQuantization.Nf4 : BaseQuantization.None };
        var work = Path.Combine(scratch, $"ours-{Guid.NewGuid():N}");
        var spec = new FineTuneSpec(modelDirectory, BaseModelKind.Pretrained, chats, [], hyper, lora, Seed: 1, work);
        await new QLoraTrainer(new TrainerOptions(MaxSequenceLength: length)).RunAsync(spec, timer, CancellationToken.None, ct);
        Directory.Delete(work, recursive: true);
        return timer.MeanStepMsAfterFirst;
    }

    /// <summary>RSS growth (fraction) from the end of the first tenth of the steps to the last step.</summary>
    static async Task<double> MemoryGrowthAsync(string modelDirectory, string scratch, int steps, CancellationToken ct)
    {
        var examples = Examples(modelDirectory, 64, steps);
        var sampler = new RssSampler(Math.Max(1, steps / 10));
        var hyper = new ResolvedHyperparameters(1, 1, 1, AutoHyperparameters.BuiltInBaseLearningRate, steps, []);
        var work = Path.Combine(scratch, $"growth-{Guid.NewGuid():N}");
        var spec = new FineTuneSpec(modelDirectory, BaseModelKind.BuiltIn, examples.Conversations, [], hyper,
            new LoraSettings { Quantization = BaseQuantization.Nf4 }, Seed: 1, work);
        await new QLoraTrainer(new TrainerOptions(MaxSequenceLength: 64)).RunAsync(spec, sampler, CancellationToken.None, ct);
        Directory.Delete(work, recursive: true);
        return (double)(sampler.Last - sampler.Warm) / sampler.Warm;
    }

    /// <summary>Times the gaps between step reports (the first gap includes set-up, so it is left out).</summary>
    sealed class StepTimer : IFineTuneObserver
    {
        readonly Stopwatch _clock = new();
        readonly List<double> _gaps = [];

        public double MeanStepMsAfterFirst => _gaps.Count == 0 ? double.NaN : _gaps.Average();

        public void OnStep(TrainingStepMetrics metrics)
        {
            if (_clock.IsRunning) _gaps.Add(_clock.Elapsed.TotalMilliseconds);
            _clock.Restart();
        }

        public void OnMessage(string level, string message) { }

        public void OnCheckpoint(TrainingCheckpoint checkpoint) { }
    }

    sealed class RssSampler(int warmStep) : IFineTuneObserver
    {
        public long Warm { get; private set; }
        public long Last { get; private set; }

        public void OnStep(TrainingStepMetrics metrics)
        {
            if (metrics.Step == warmStep) Warm = ProcessMemory.RssBytes();
            Last = ProcessMemory.RssBytes();
        }

        public void OnMessage(string level, string message) { }

        public void OnCheckpoint(TrainingCheckpoint checkpoint) { }
    }

    static string Report(TrainingBenchOptions options, DecoderConfig config, int length, List<Measurement> runs, double? nf4BytesPerParam,
        double? growth, (int Length, long Plain, long Checkpointed) checkpointMemory)
    {
        var md = new StringBuilder();
        var model = options.ModelDirectory ?? "built-in (openfinetune-tiny)";
        md.AppendLine($"Model: {model} ({config.NumHiddenLayers} layers, hidden {config.HiddenSize}); {options.Threads} threads; " +
            $"batch 1 × {length} tokens; {options.Steps} timed steps after one warm-up step; load average {LoadAverage()} at the end.");
        md.AppendLine();
        md.AppendLine("| method | ours tokens/s | raw loop tokens/s | ours / raw (goal ≥ 0.85) | ours step ms | raw step ms | peak RSS so far |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in runs)
            md.AppendLine($"| {(r.Quantization == "nf4" ? "QLoRA (nf4)" : "LoRA (none)")} | {F(r.OursTokensPerSecond, 1)} | {F(r.RawTokensPerSecond, 1)} | " +
                $"{F(r.OursTokensPerSecond / r.RawTokensPerSecond, 2)} | {F(r.OursStepMs, 1)} | {F(r.RawStepMs, 1)} | {r.PeakRssAfter / (1024 * 1024)} MiB |");
        md.AppendLine();
        if (runs.FirstOrDefault(r => r.Quantization == "nf4") is { } q && runs.FirstOrDefault(r => r.Quantization == "none") is { } l)
            md.AppendLine($"- QLoRA / LoRA step time (goal ≤ 1.3): {F(q.OursStepMs / l.OursStepMs, 2)}");
        if (nf4BytesPerParam is { } b) md.AppendLine($"- NF4 bytes/param of the quantized linears (goal ≤ 0.53): {F(b, 4)}");
        md.AppendLine($"- Resident memory added by one forward pass of {checkpointMemory.Length} tokens (activations kept for backward): " +
            $"plain {checkpointMemory.Plain / 1024} KiB, gradient checkpointing {checkpointMemory.Checkpointed / 1024} KiB");
        if (growth is { } g) md.AppendLine($"- Native memory growth over {options.GrowthSteps} steps (goal < 1%): {F(g * 100, 2)}%");
        return md.ToString();
    }

    static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    sealed class ScratchDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("oft-trainbench-").FullName;

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { /* best effort: the OS temp cleaner takes the rest */ }
        }
    }
}

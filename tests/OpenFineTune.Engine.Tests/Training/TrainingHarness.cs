using OpenFineTune.Engine.Datasets;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Peft;
using OpenFineTune.Engine.Training;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Training;

/// <summary>Builds specs, records what a run reports, and reads adapters back, for the trainer tests.</summary>
static class TrainingHarness
{
    // One libtorch thread: with two on a busy 2-core machine, steps ran 10x slower here (threads wait on each other).
    static TrainingHarness() => TorchRuntime.Configure(1);

    public static string ReferenceModel(string name) => Path.Combine(TestPaths.Fixtures, "reference-models", name, "hf");

    public static FineTuneSpec Spec(string model, IReadOnlyList<Conversation> data, string workDirectory, int epochs, int batchSize,
        double learningRate, bool nf4, int seed = 7, IReadOnlyList<Conversation>? validation = null, BaseModelKind kind = BaseModelKind.Pretrained)
    {
        var steps = (data.Count + batchSize - 1) / batchSize;
        var hyper = new ResolvedHyperparameters(epochs, batchSize, 1.0, learningRate, steps, []);
        return new FineTuneSpec(model, kind, data, validation ?? [], hyper, new LoraSettings { Quantization = nf4 ? BaseQuantization.Nf4 : BaseQuantization.None }, seed, workDirectory);
    }

    /// <summary>Runs to the end (or pause) synchronously, recording every report.</summary>
    public static (FineTuneResult Result, RecordingObserver Observer) Run(FineTuneSpec spec, Action<TrainingStepMetrics, RecordingObserver>? onStep = null,
        TrainerOptions? options = null)
    {
        var observer = new RecordingObserver(onStep);
        var result = new QLoraTrainer(options).RunAsync(spec, observer, observer.Pause.Token, observer.Cancel.Token).GetAwaiter().GetResult();
        return (result, observer);
    }

    /// <summary>A fresh float32 base with the adapter of <paramref name="adapterDirectory"/> on it, in eval mode.</summary>
    public static CausalLM LoadWithAdapter(string model, string adapterDirectory, bool nf4)
    {
        var loaded = ModelDirectory.Load(model, "float32");
        PeftAdapter.Load(adapterDirectory, loaded, nf4 ? BaseQuantization.Nf4 : BaseQuantization.None);
        loaded.eval(); // the injected LoRA dropout modules start in training mode
        return loaded;
    }

    /// <summary>Mean loss over the trained tokens of <paramref name="data"/>, computed here with the public pieces.</summary>
    public static double MeanLoss(CausalLM model, string modelDirectory, IReadOnlyList<Conversation> data)
    {
        using var noGrad = no_grad();
        var builder = SftExampleBuilder.ForModel(modelDirectory, model.Config.MaxPositionEmbeddings);
        var (loss, tokens) = (0.0, 0L);
        foreach (var example in data.Select(builder.Build))
        {
            using var scope = NewDisposeScope();
            var (inputs, targets, mask) = Collator.Collate([example], CPU);
            var (sum, _, count) = MaskedLmLoss.Compute(model, inputs, targets, mask);
            (loss, tokens) = (loss + sum.item<float>(), tokens + count);
        }
        return loss / tokens;
    }
}

sealed class RecordingObserver(Action<TrainingStepMetrics, RecordingObserver>? onStep) : IFineTuneObserver
{
    public CancellationTokenSource Pause { get; } = new();
    public CancellationTokenSource Cancel { get; } = new();
    public List<TrainingStepMetrics> Steps { get; } = [];
    public List<TrainingCheckpoint> Checkpoints { get; } = [];
    public List<(string Level, string Message)> Messages { get; } = [];

    public void OnMessage(string level, string message) => Messages.Add((level, message));

    public void OnStep(TrainingStepMetrics metrics)
    {
        Steps.Add(metrics);
        onStep?.Invoke(metrics, this);
    }

    public void OnCheckpoint(TrainingCheckpoint checkpoint) => Checkpoints.Add(checkpoint);
}

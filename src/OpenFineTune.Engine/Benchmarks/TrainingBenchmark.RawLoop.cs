using System.Diagnostics;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Peft;
using OpenFineTune.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Benchmarks;

public static partial class TrainingBenchmark
{
    /// <summary>Live memory (RSS after trimming freed pages) added by the forward pass of one sequence: what backward will need.</summary>
    static (long Plain, long Checkpointed) CheckpointingMemory(string modelDirectory, int length)
    {
        var checkpointed = ForwardGrowth(modelDirectory, length, checkpointing: true);
        return (ForwardGrowth(modelDirectory, length, checkpointing: false), checkpointed);
    }

    static long ForwardGrowth(string modelDirectory, int length, bool checkpointing)
    {
        using var model = ModelDirectory.Load(modelDirectory, "float32");
        using var generator = new Generator(1);
        LoraInjector.Inject(model, new LoraSettings { Dropout = 0, Quantization = BaseQuantization.Nf4 }, generator);
        if (checkpointing) GradientCheckpointing.Enable(model, generator);
        model.train();
        using var scope = NewDisposeScope();
        var ids = randint(0, model.Config.VocabSize, [1, length], generator: generator);
        ProcessMemory.TrimFreed();
        var before = ProcessMemory.RssBytes();
        var logits = model.forward(ids);
        ProcessMemory.TrimFreed();
        var grown = ProcessMemory.RssBytes() - before;
        logits.sum().backward();
        return grown;
    }

    /// <summary>
    /// The baseline: the same model and LoRA modules trained by a plain TorchSharp loop (forward, masked cross-entropy,
    /// backward, clip, torch.optim.AdamW) with no job machinery. Returns its mean step time after the first step and
    /// the NF4 bytes per quantized parameter.
    /// </summary>
    static (double StepMs, double Nf4BytesPerParam) RawLoop(string modelDirectory, IReadOnlyList<SftExample> examples, bool nf4, CancellationToken ct)
    {
        using var model = ModelDirectory.Load(modelDirectory, "float32");
        using var generator = new Generator(1);
        var settings = new LoraSettings { Quantization = nf4 ? BaseQuantization.Nf4 : BaseQuantization.None };
        var injection = LoraInjector.Inject(model, settings, generator);
        injection.UseDropoutGenerator(generator);
        var parameters = injection.TrainableParameters.Values.ToList();
        using var optimizer = optim.AdamW(parameters, lr: AutoHyperparameters.PretrainedBaseLearningRate, weight_decay: 0);
        model.train();
        var clock = new Stopwatch();
        var gaps = new List<double>();
        foreach (var example in examples)
        {
            ct.ThrowIfCancellationRequested();
            clock.Restart();
            using (var scope = NewDisposeScope())
            {
                var (inputs, targets, mask) = Collator.Collate([example], model.Device);
                var logits = model.forward(inputs);
                var losses = nn.functional.cross_entropy(logits[.., ..^1].reshape(-1, logits.shape[2]), targets.reshape(-1), reduction: nn.Reduction.None);
                var flatMask = mask.reshape(-1);
                var loss = (losses * flatMask).sum() / flatMask.sum().clamp_min(1);
                optimizer.zero_grad();
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, 1.0);
                optimizer.step();
            }
            gaps.Add(clock.Elapsed.TotalMilliseconds);
        }
        var quantizedParams = injection.Adapters.Values.Where(a => a.BaseLayer is Nf4Linear).Sum(a => a.InFeatures * a.OutFeatures);
        var bytesPerParam = quantizedParams == 0 ? double.NaN : (double)injection.QuantizedBaseBytes / quantizedParams;
        return (gaps.Skip(1).DefaultIfEmpty(double.NaN).Average(), bytesPerParam);
    }
}

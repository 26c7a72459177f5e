using System.Text.Json;
using OpenFineTune.Engine.Models.Safetensors;
using OpenFineTune.Engine.Peft;
using OpenFineTune.Engine.Tests.Models;
using OpenFineTune.Engine.Training;

namespace OpenFineTune.Engine.Tests.Training;

/// <summary>
/// Short (Q)LoRA runs on the random reference models of shared/fixtures: the loss falls, the adapter is PEFT's and
/// reloads to the same model, runs repeat exactly, and pause/resume and cancel behave as the seam promises.
/// </summary>
public sealed class QLoraTrainerTests : IDisposable
{
    readonly TempDirectory work = new();

    public void Dispose() => work.Dispose();

    static readonly IReadOnlyList<Engine.Datasets.Conversation> Chats = SupportChats.Conversations().Take(8).ToList();
    static readonly IReadOnlyList<Engine.Datasets.Conversation> Held = SupportChats.Conversations().Skip(8).Take(2).ToList();

    static readonly string TinyQwen = TrainingHarness.ReferenceModel("tiny-qwen2-random");

    FineTuneSpec Spec(string model, bool nf4, int epochs = 3, int seed = 7, string name = "run") =>
        TrainingHarness.Spec(model, Chats, work.File(name), epochs, batchSize: 4, learningRate: 1e-2, nf4, seed, validation: Held);

    [Theory]
    [InlineData("tiny-qwen2-random", true)]
    [InlineData("tiny-qwen2-random", false)]
    [InlineData("stories260k", true)]
    [InlineData("stories260k", false)]
    public void LossFallsAndTheSavedAdapterReloadsToTheSameModel(string reference, bool nf4)
    {
        var model = TrainingHarness.ReferenceModel(reference);
        var (result, observer) = TrainingHarness.Run(Spec(model, nf4, epochs: 4));

        Assert.True(result.Completed);
        var losses = observer.Steps.Select(s => s.TrainLoss).ToList();
        Assert.Equal(8, losses.Count);
        Assert.True(losses[^2..].Average() < losses[..2].Average() * 0.9, $"train loss did not fall: {string.Join(", ", losses)}");
        Assert.Equal(4, observer.Checkpoints.Count);
        Assert.Equal(result.TrainedTokens, observer.Steps[^1].TrainedTokens);

        // The validation loss the trainer reported after its last step, recomputed here from the reloaded adapter.
        using var reloaded = TrainingHarness.LoadWithAdapter(model, result.AdapterDirectory!, nf4);
        var reportedLoss = observer.Steps[^1].ValidLoss!.Value;
        Assert.Equal(reportedLoss, TrainingHarness.MeanLoss(reloaded, model, Held), 5);
    }

    [Fact]
    public void AdapterHasPeftKeyNamesAndConfig()
    {
        var (result, _) = TrainingHarness.Run(Spec(TinyQwen, nf4: true, epochs: 1));
        using (var file = new SafetensorsFile(Path.Combine(result.AdapterDirectory!, PeftAdapter.WeightsFile)))
        {
            var expected = from layer in Enumerable.Range(0, 3)
                           from module in new[] { "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj" }
                           from tensor in new[] { "lora_A", "lora_B" }
                           select $"base_model.model.model.layers.{layer}.{module}.{tensor}.weight";
            Assert.Equal(expected.Order(), file.Names.Order());
            Assert.Equal([16L, 96L], file.Entry("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").Shape);
            Assert.Equal([32L, 16L], file.Entry("base_model.model.model.layers.0.self_attn.k_proj.lora_B.weight").Shape);
        }
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.AdapterDirectory!, PeftAdapter.ConfigFile)));
        var c = config.RootElement;
        Assert.Equal("LORA", c.GetProperty("peft_type").GetString());
        Assert.Equal("CAUSAL_LM", c.GetProperty("task_type").GetString());
        Assert.Equal(16, c.GetProperty("r").GetInt32());
        Assert.Equal(32, c.GetProperty("lora_alpha").GetDouble());
        Assert.Equal(0.05, c.GetProperty("lora_dropout").GetDouble());
        Assert.Equal(PeftLoraDefaults.Order(StringComparer.Ordinal), c.GetProperty("target_modules").EnumerateArray().Select(e => e.GetString()));
    }

    static readonly string[] PeftLoraDefaults = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    [Fact]
    public void SameSeedAndDataGiveTheSameLossCurveAndAdapter()
    {
        var (first, a) = TrainingHarness.Run(Spec(TinyQwen, nf4: true, epochs: 2, name: "a"));
        var (second, b) = TrainingHarness.Run(Spec(TinyQwen, nf4: true, epochs: 2, name: "b"));
        var (_, other) = TrainingHarness.Run(Spec(TinyQwen, nf4: true, epochs: 2, seed: 8, name: "c"));

        Assert.Equal(a.Steps, b.Steps);
        Assert.Equal(AdapterBytes(first.AdapterDirectory!), AdapterBytes(second.AdapterDirectory!));
        Assert.NotEqual(a.Steps.Select(s => s.TrainLoss), other.Steps.Select(s => s.TrainLoss));
    }

    [Fact]
    public void PausedThenResumedRunEqualsAnUninterruptedOne()
    {
        var (whole, uninterrupted) = TrainingHarness.Run(Spec(TinyQwen, nf4: true, epochs: 2, name: "whole"));

        // Pause mid-epoch: the token is seen at the next step boundary, after step 3 of 4.
        var paused = Spec(TinyQwen, nf4: true, epochs: 2, name: "paused");
        var (stopped, before) = TrainingHarness.Run(paused, (m, o) => { if (m.Step == 3) o.Pause.Cancel(); });
        Assert.False(stopped.Completed);
        Assert.Null(stopped.AdapterDirectory);
        Assert.Equal(3, stopped.LastCheckpoint!.Step);
        Assert.True(File.Exists(Path.Combine(stopped.LastCheckpoint.Directory, PeftAdapter.WeightsFile)));

        var (resumed, after) = TrainingHarness.Run(paused with { ResumeFrom = stopped.LastCheckpoint.Directory });
        Assert.True(resumed.Completed);
        Assert.Equal(uninterrupted.Steps, before.Steps.Concat(after.Steps));
        Assert.Equal(whole.TrainedTokens, resumed.TrainedTokens);
        Assert.Equal(AdapterBytes(whole.AdapterDirectory!), AdapterBytes(resumed.AdapterDirectory!));
    }

    [Fact]
    public void GradientAccumulationOverMicroBatchesGivesTheSameSteps()
    {
        // No dropout: its random masks depend on the micro-batch shapes.
        var noDropout = new Engine.Peft.LoraSettings { Dropout = 0 };
        var (_, whole) = TrainingHarness.Run(Spec(TinyQwen, nf4: false, epochs: 2, name: "whole") with { Lora = noDropout });
        var (_, split) = TrainingHarness.Run(Spec(TinyQwen, nf4: false, epochs: 2, name: "split") with { Lora = noDropout },
            options: new TrainerOptions(MicroBatchTokens: 1));
        Assert.Equal(whole.Steps.Count, split.Steps.Count);
        foreach (var (a, b) in whole.Steps.Zip(split.Steps))
        {
            // Float sums in another order: equal to float32 rounding, amplified a little by Adam's normalisation.
            Assert.Equal(a.TrainLoss, b.TrainLoss, a.TrainLoss * 1e-3);
            Assert.Equal(a.TrainMeanTokenAccuracy, b.TrainMeanTokenAccuracy, 0.01);
            Assert.Equal(a.ValidLoss ?? -1, b.ValidLoss ?? -1, (a.ValidLoss ?? 0) * 1e-3); // reported at epoch ends only
        }
    }

    [Fact]
    public async Task PauseBeforeTheFirstStepCheckpointsAndResumes()
    {
        var spec = Spec(TinyQwen, nf4: true, epochs: 1, name: "early");
        var observer = new RecordingObserver(null);
        observer.Pause.Cancel();
        var paused = await new QLoraTrainer().RunAsync(spec, observer, observer.Pause.Token, observer.Cancel.Token);
        Assert.Equal(0, paused.LastCheckpoint!.Step);
        var (resumed, after) = TrainingHarness.Run(spec with { ResumeFrom = paused.LastCheckpoint.Directory });
        Assert.True(resumed.Completed);
        Assert.Equal([1, 2], after.Steps.Select(s => s.Step));
    }

    [Fact]
    public void ValidationCanRunEveryFewSteps()
    {
        var (_, observer) = TrainingHarness.Run(Spec(TinyQwen, nf4: true, epochs: 2, name: "every"), options: new TrainerOptions(ValidateEverySteps: 1));
        Assert.All(observer.Steps, s => Assert.NotNull(s.ValidLoss));
        Assert.All(observer.Steps, s => Assert.InRange(s.ValidMeanTokenAccuracy!.Value, 0, 1));
        Assert.Equal([1, 2, 3, 4], observer.Steps.Select(s => s.Step));
        Assert.All(observer.Steps, s => Assert.Equal(4, s.TotalSteps));
    }

    [Fact]
    public void TrainingContinuesFromAParentAdapter()
    {
        var (parent, first) = TrainingHarness.Run(Spec(TinyQwen, nf4: true, epochs: 2, name: "parent"));
        var (child, next) = TrainingHarness.Run(Spec(TinyQwen, nf4: true, epochs: 1, name: "child") with { ParentAdapter = parent.AdapterDirectory });
        Assert.True(child.Completed);
        // It starts where the parent ended, well below the parent's own first loss.
        Assert.True(next.Steps[0].TrainLoss < first.Steps[0].TrainLoss * 0.9, $"{next.Steps[0].TrainLoss} vs {first.Steps[0].TrainLoss}");
    }

    [Fact]
    public void CancelStopsWithinTheRunAndWritesNoAdapter()
    {
        var spec = Spec(TinyQwen, nf4: true, epochs: 3);
        var error = Assert.ThrowsAny<OperationCanceledException>(() =>
            TrainingHarness.Run(spec, (m, o) => { if (m.Step == 2) o.Cancel.Cancel(); }));
        Assert.NotNull(error);
        Assert.False(Directory.Exists(Path.Combine(spec.WorkDirectory, QLoraTrainer.AdapterDirectoryName)));
    }

    static byte[] AdapterBytes(string directory) => File.ReadAllBytes(Path.Combine(directory, PeftAdapter.WeightsFile));
}

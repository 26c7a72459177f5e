using System.Text.Json;
using OpenFineTune.Engine.Training;

namespace OpenFineTune.Server.Tests.FineTuning;

/// <summary>A pause that lands exactly on an epoch end: the trainer reports that step's checkpoint twice (epoch end, then
/// pause); the job keeps one checkpoint record, one model and one "Checkpoint created" event for it.</summary>
public class PauseAtEpochEndTests
{
    /// <summary>Trains one epoch, checkpoints it, then stops as a pause arriving at that moment would.</summary>
    sealed class PausesAtFirstEpochEnd : IFineTuner
    {
        public Task<FineTuneResult> RunAsync(FineTuneSpec spec, IFineTuneObserver observer, CancellationToken pause, CancellationToken cancel)
        {
            var h = spec.Hyperparameters;
            var step = h.StepsPerEpoch;
            var metrics = new TrainingStepMetrics(step, h.TotalSteps, 0.5, 0.5, null, null, step * 10L);
            for (var s = 1; s <= step; s++) observer.OnStep(metrics with { Step = s });
            var directory = Directory.CreateDirectory(Path.Combine(spec.WorkDirectory, "checkpoints", $"step-{step}")).FullName;
            var checkpoint = new TrainingCheckpoint(step, 1, directory, metrics);
            observer.OnCheckpoint(checkpoint); // epoch end
            observer.OnCheckpoint(checkpoint); // the pause, at the same step
            return Task.FromResult(new FineTuneResult(false, null, checkpoint, step * 10L));
        }
    }

    [Fact]
    public async Task APauseOnAnEpochEndKeepsOneCheckpointForThatStep()
    {
        await using var kit = new JobsKit(tuner: new PausesAtFirstEpochEnd());
        var id = (await kit.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 3 } })).Str("id")!;
        await kit.WaitForAsync(id, "paused");

        var page = JsonDocument.Parse(await kit.Http.GetStringAsync($"/v1/fine_tuning/jobs/{id}/checkpoints")).RootElement;
        Assert.Equal([10], page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("step_number").GetInt32()));
        var messages = (await kit.EventsOldestFirstAsync(id)).Select(e => e.Str("message")).ToList();
        Assert.Single(messages, m => m == "Checkpoint created at step 10");
        Assert.Contains("Fine-tuning job paused at step 10", messages);
    }
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Server.Tests.FineTuning;

/// <summary>
/// Checkpoint retention (Jobs/README.md): a job keeps its newest KeepCheckpoints checkpoints (default 3, OpenAI's last
/// 3 epochs); older ones leave the registry, /v1/models, the checkpoint list and the disk; cancel withdraws them all.
/// The fake trainer saves one checkpoint per epoch of 10 steps (10 examples, batch 1), in work/checkpoint-{step}.
/// </summary>
public class CheckpointRetentionTests
{
    [Fact]
    public async Task FiveEpochsKeepTheNewestThreeCheckpoints()
    {
        await using var kit = new JobsKit();
        var id = (await kit.CreateJobAsync(Epochs(5))).Str("id")!;
        await kit.WaitForAsync(id, "succeeded");

        var checkpoints = await CheckpointsAsync(kit, id);
        Assert.Equal([50, 40, 30], checkpoints.Select(c => c.Step));
        var listed = await CheckpointModelsAsync(kit);
        Assert.Equal(checkpoints.Select(c => c.Model).Order(), listed.Order());
        var registry = (RememberedAdapters)kit.App.Services.GetRequiredService<IAdapterRegistry>();
        Assert.All(checkpoints, c => Assert.True(registry.IsRegistered(c.Model)));
        Assert.True(registry.IsRegistered((await kit.GetJobAsync(id)).Str("fine_tuned_model")!)); // the final model stays
        Assert.Equal([30, 40, 50], CheckpointDirectories(kit, id));
        Assert.Contains("Checkpoint created at step 10", (await kit.EventsOldestFirstAsync(id)).Select(e => e.Str("message")));
    }

    [Fact]
    public async Task KeepCheckpointsOneKeepsOnlyTheLast()
    {
        await using var kit = new JobsKit(settings: new() { ["OpenFineTune:Jobs:KeepCheckpoints"] = "1" });
        var id = (await kit.CreateJobAsync(Epochs(4))).Str("id")!;
        await kit.WaitForAsync(id, "succeeded");

        var checkpoints = await CheckpointsAsync(kit, id);
        Assert.Equal([40], checkpoints.Select(c => c.Step));
        Assert.Equal([checkpoints[0].Model], await CheckpointModelsAsync(kit));
        Assert.Equal([40], CheckpointDirectories(kit, id));
        var registry = (RememberedAdapters)kit.App.Services.GetRequiredService<IAdapterRegistry>();
        Assert.False(registry.IsRegistered(checkpoints[0].Model.Replace("ckpt-step-40", "ckpt-step-30")));
    }

    [Fact]
    public async Task CancelWithdrawsEveryCheckpointModel()
    {
        await using var kit = new JobsKit(TimeSpan.FromMilliseconds(20));
        var id = (await kit.CreateJobAsync(Epochs(50))).Str("id")!;
        await kit.WaitForCheckpointAsync(id);
        var before = await CheckpointsAsync(kit, id);

        await kit.PostAsync($"/v1/fine_tuning/jobs/{id}/cancel");
        var control = kit.App.Services.GetRequiredService<OpenFineTune.Server.Jobs.JobControl>();
        for (var tries = 0; tries < 600 && control.IsRunning(id); tries++) await Task.Delay(50);

        Assert.False(control.IsRunning(id), "the trainer did not stop after cancel");
        Assert.Empty(await CheckpointModelsAsync(kit));
        Assert.Empty(await CheckpointsAsync(kit, id));
        Assert.Empty(CheckpointDirectories(kit, id));
        var registry = (RememberedAdapters)kit.App.Services.GetRequiredService<IAdapterRegistry>();
        Assert.All(before, c => Assert.False(registry.IsRegistered(c.Model)));
    }

    [Fact]
    public async Task PausedJobResumesFromItsNewestCheckpointWithRetentionOn()
    {
        await using var kit = new JobsKit(TimeSpan.FromMilliseconds(20), new() { ["OpenFineTune:Jobs:KeepCheckpoints"] = "2" });
        var id = (await kit.CreateJobAsync(Epochs(8))).Str("id")!;
        await kit.WaitForCheckpointAsync(id);
        await kit.PostAsync($"/v1/fine_tuning/jobs/{id}/pause");
        await kit.WaitForAsync(id, "paused");
        var paused = await CheckpointsAsync(kit, id);
        Assert.InRange(paused.Count, 1, 2);

        await kit.PostAsync($"/v1/fine_tuning/jobs/{id}/resume");
        await kit.WaitForAsync(id, "succeeded");

        // The fake reads step.txt from ResumeFrom: had retention deleted it, the job would have failed.
        Assert.Equal(2, kit.Tuner.Specs.Count);
        Assert.EndsWith($"checkpoint-{paused[0].Step}", kit.Tuner.Specs[1].ResumeFrom);
        Assert.Equal([80, 70], (await CheckpointsAsync(kit, id)).Select(c => c.Step));
        Assert.Equal([70, 80], CheckpointDirectories(kit, id));
    }

    static Dictionary<string, object?> Epochs(int n) => new() { ["hyperparameters"] = new { n_epochs = n } };

    static async Task<List<(int Step, string Model)>> CheckpointsAsync(JobsKit kit, string id)
    {
        var page = JsonDocument.Parse(await kit.Http.GetStringAsync($"/v1/fine_tuning/jobs/{id}/checkpoints?limit=100")).RootElement;
        return page.GetProperty("data").EnumerateArray()
            .Select(c => (c.GetProperty("step_number").GetInt32(), c.Str("fine_tuned_model_checkpoint")!)).ToList();
    }

    static async Task<List<string>> CheckpointModelsAsync(JobsKit kit)
    {
        var page = JsonDocument.Parse(await kit.Http.GetStringAsync("/v1/models")).RootElement;
        return page.GetProperty("data").EnumerateArray().Select(m => m.Str("id")!).Where(m => m.Contains(":ckpt-step-")).ToList();
    }

    /// <summary>Steps of the checkpoint directories left on disk, ascending.</summary>
    static List<int> CheckpointDirectories(JobsKit kit, string id)
    {
        var work = Path.Combine(kit.App.DataDir, "fine_tuning", id, "work");
        return !Directory.Exists(work) ? [] : Directory.GetDirectories(work, "checkpoint-*")
            .Select(d => int.Parse(Path.GetFileName(d)["checkpoint-".Length..])).Order().ToList();
    }
}

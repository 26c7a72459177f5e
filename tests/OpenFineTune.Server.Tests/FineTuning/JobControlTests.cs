using Microsoft.Extensions.DependencyInjection;
using OpenAI.FineTuning;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Tests.FineTuning;

/// <summary>Cancel, pause and resume: allowed states (notes §3.4), a wrong state is 400 (never 409), and what each leaves behind.</summary>
public class JobControlTests
{
    static readonly TimeSpan SlowSteps = TimeSpan.FromMilliseconds(20);
    static readonly Dictionary<string, object?> ManySteps = new() { ["hyperparameters"] = new { n_epochs = 50 } }; // 500 steps

    [Fact]
    public async Task CancelStopsARunningJobAndProducesNoModel()
    {
        await using var kit = new JobsKit(SlowSteps);
        var id = (await kit.CreateJobAsync(ManySteps)).Str("id")!;
        await kit.WaitForCheckpointAsync(id);
        FineTuningJob job = await kit.App.Sdk().GetFineTuningClient().GetJobAsync(id);

        await job.CancelAndUpdateAsync();

        Assert.Equal(FineTuningStatus.Cancelled, job.Status);
        var cancelled = await kit.GetJobAsync(id);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, cancelled.GetProperty("finished_at").ValueKind);
        await WaitUntilStoppedAsync(kit, id);
        var stored = kit.App.Services.GetRequiredService<IMetadataStore>();
        Assert.Null((await kit.GetJobAsync(id)).GetProperty("fine_tuned_model").GetString());
        Assert.Equal("cancelled", (await kit.GetJobAsync(id)).Str("status"));
        Assert.DoesNotContain((await stored.FineTunedModels.ListAsync(new PageQuery(100))).Items, m => !m.Id.Contains(":ckpt-step-"));
        Assert.False(Directory.Exists(Path.Combine(kit.App.DataDir, "fine_tuning", id, "work", "adapter")));
    }

    [Fact]
    public async Task FinishedJobsCannotBeCancelledPausedOrResumed()
    {
        await using var kit = new JobsKit();
        var id = (await kit.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 1 } })).Str("id")!;
        await kit.WaitForAsync(id, "succeeded");

        foreach (var verb in new[] { "cancel", "pause", "resume" })
        {
            var error = await Envelope.AssertError(await kit.Http.PostAsync($"/v1/fine_tuning/jobs/{id}/{verb}", null), 400);
            Assert.Contains("its status is succeeded", error.Str("message"));
        }
        await Envelope.AssertError(await kit.Http.PostAsync("/v1/fine_tuning/jobs/ftjob-none/cancel", null), 404);
    }

    [Fact]
    public async Task PauseCheckpointsAndResumeContinuesFromThere()
    {
        await using var kit = new JobsKit(SlowSteps);
        var id = (await kit.CreateJobAsync(ManySteps)).Str("id")!;
        await kit.WaitForCheckpointAsync(id);

        var pausing = await kit.PostAsync($"/v1/fine_tuning/jobs/{id}/pause");
        Assert.Contains(pausing.Str("status"), new[] { "pausing", "paused" });
        await kit.WaitForAsync(id, "paused");
        await Envelope.AssertError(await kit.Http.PostAsync($"/v1/fine_tuning/jobs/{id}/pause", null), 400);
        var pausedAt = kit.Tuner.Specs.Count;

        Assert.Equal("queued", (await kit.PostAsync($"/v1/fine_tuning/jobs/{id}/resume")).Str("status"));
        await Envelope.AssertError(await kit.Http.PostAsync($"/v1/fine_tuning/jobs/{id}/resume", null), 400);
        await kit.WaitForAsync(id, "running", "succeeded");
        for (var tries = 0; tries < 600 && kit.Tuner.Specs.Count < 2; tries++) await Task.Delay(50); // the trainer is called just after "running"
        await kit.PostAsync($"/v1/fine_tuning/jobs/{id}/cancel"); // no need to train 500 steps

        Assert.Equal(1, pausedAt);
        Assert.Equal(2, kit.Tuner.Specs.Count);
        var resumed = kit.Tuner.Specs[1];
        Assert.NotNull(resumed.ResumeFrom);
        Assert.Equal(kit.Tuner.Specs[0].Seed, resumed.Seed);
        var messages = (await kit.EventsOldestFirstAsync(id)).Select(e => e.Str("message")).ToList();
        Assert.Contains(messages, m => m!.StartsWith("Fine-tuning job paused at step "));
    }

    [Fact]
    public async Task QueuedJobPausesAtOnceAndOnlyOneJobRunsAtATime()
    {
        await using var kit = new JobsKit(SlowSteps);
        var first = (await kit.CreateJobAsync(ManySteps)).Str("id")!;
        var second = (await kit.CreateJobAsync(ManySteps)).Str("id")!;
        await kit.WaitForAsync(first, "running");
        await kit.WaitForAsync(second, "queued");

        Assert.Equal("paused", (await kit.PostAsync($"/v1/fine_tuning/jobs/{second}/pause")).Str("status"));
        Assert.Equal("cancelled", (await kit.PostAsync($"/v1/fine_tuning/jobs/{second}/cancel")).Str("status"));
        Assert.Equal("running", (await kit.GetJobAsync(first)).Str("status"));
        await kit.PostAsync($"/v1/fine_tuning/jobs/{first}/cancel");
        await WaitUntilStoppedAsync(kit, first);
        Assert.DoesNotContain(kit.Tuner.Specs, s => s.WorkDirectory.Contains(second)); // the second job never reached the trainer
    }

    static async Task WaitUntilStoppedAsync(JobsKit kit, string id)
    {
        var control = kit.App.Services.GetRequiredService<OpenFineTune.Server.Jobs.JobControl>();
        for (var tries = 0; tries < 600 && control.IsRunning(id); tries++) await Task.Delay(50);
        Assert.False(control.IsRunning(id), "the trainer did not stop after cancel");
    }
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.FineTuning;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Tests.FineTuning;

/// <summary>The tutorial's flow through the official .NET SDK: create with no hyper-parameters, poll, read events and checkpoints.</summary>
public class JobLifecycleSdkTests
{
    [Fact]
    public async Task JobWithoutHyperparametersSucceedsAndShowsTheResolvedNumbers()
    {
        await using var kit = new JobsKit();
        var fileId = await kit.UploadAsync(JobsKit.SupportChats());
        var client = kit.App.Sdk().GetFineTuningClient();

        FineTuningJob job = await client.FineTuneAsync("openfinetune-tiny", fileId, waitUntilCompleted: false);
        Assert.StartsWith("ftjob-", job.JobId);
        for (var tries = 0; tries < 1200 && job.Status != FineTuningStatus.Succeeded && job.Status != FineTuningStatus.Failed; tries++)
        {
            await Task.Delay(50);
            await job.UpdateStatusAsync();
        }

        Assert.Equal(FineTuningStatus.Succeeded, job.Status);
        Assert.True(job.HasCompleted);
#pragma warning disable CS0618 // scripts still read the deprecated top-level hyperparameters
        // OpenAI's cookbook rule for 10 examples on a pretrained base: min(25, 100 / 10) = 10 epochs; batch 1.
        Assert.Equal(10, job.Hyperparameters.EpochCount);
        Assert.Equal(1, job.Hyperparameters.BatchSize);
        Assert.Equal(1.0f, job.Hyperparameters.LearningRateMultiplier);
#pragma warning restore CS0618
        // The SDK has no property for fine_tuned_model; read it as a script would from the JSON.
        // SDK 2.15's BillableTrainedTokenCount reads 0 even with trained_tokens in the JSON, so the JSON is checked.
        var raw = await kit.GetJobAsync(job.JobId);
        Assert.Equal(1000, raw.GetProperty("trained_tokens").GetInt32()); // the fake reports 10 tokens per step, 100 steps
        var model = raw.Str("fine_tuned_model");
        Assert.Matches("^ft:openfinetune-tiny:local::[A-Za-z0-9]{8}$", model);
        Assert.Single(kit.Tuner.Specs);
        Assert.Equal(100, kit.Tuner.Specs[0].Hyperparameters.TotalSteps);
    }

    [Fact]
    public async Task EventsUseOpenAIsMessagesInOrder()
    {
        await using var kit = new JobsKit();
        var id = (await kit.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 2 } })).Str("id")!;
        var job = await kit.WaitForAsync(id, "succeeded");

        var messages = (await kit.EventsOldestFirstAsync(id)).Where(e => e.Str("type") == "message").Select(e => e.Str("message")).ToList();
        var model = job.Str("fine_tuned_model");
        Assert.Equal([
            $"Created fine-tuning job: {id}", $"Validating training file: {job.Str("training_file")}",
            "Files validated, moving job to queued state", "Fine-tuning job started",
            "Checkpoint created at step 10", "Checkpoint created at step 20",
            $"New fine-tuned model created: {model}", "The job has successfully completed"], messages);
    }

    [Fact]
    public async Task MetricsEventsCarryTheStepNumbers()
    {
        await using var kit = new JobsKit();
        var id = (await kit.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 1 } })).Str("id")!;
        await kit.WaitForAsync(id, "succeeded");

        var metrics = (await kit.EventsOldestFirstAsync(id)).Where(e => e.Str("type") == "metrics").ToList();
        Assert.Equal(10, metrics.Count);
        Assert.Equal("Step 4/10: training loss=0.50", metrics[3].Str("message")); // the fake's loss is 2 / step
        var data = metrics[3].GetProperty("data");
        Assert.Equal(4, data.GetProperty("step").GetInt32());
        Assert.Equal(10, data.GetProperty("total_steps").GetInt32());
        Assert.Equal(0.5, data.GetProperty("train_loss").GetDouble());
        Assert.Equal(0.4, data.GetProperty("train_mean_token_accuracy").GetDouble());
        Assert.False(data.TryGetProperty("valid_loss", out _)); // no validation file
    }

    [Fact]
    public async Task CheckpointsAreListedHighestStepFirstAndServable()
    {
        await using var kit = new JobsKit();
        var id = (await kit.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 3 }, ["suffix"] = "soporte" })).Str("id")!;
        await kit.WaitForAsync(id, "succeeded");
        var client = kit.App.Sdk().GetFineTuningClient();
        FineTuningJob job = await client.GetJobAsync(id);

        var checkpoints = new List<FineTuningCheckpoint>();
        await foreach (var c in job.GetCheckpointsAsync()) checkpoints.Add(c);

        Assert.Equal([30, 20, 10], checkpoints.Select(c => c.StepNumber));
        Assert.All(checkpoints, c => Assert.StartsWith("ftckpt_", c.Id));
        Assert.All(checkpoints, c => Assert.Matches($"^ft:openfinetune-tiny:local:soporte:[A-Za-z0-9]{{8}}:ckpt-step-{c.StepNumber}$", c.ModelId));
        Assert.Equal(2.0 / 30, checkpoints[0].Metrics.TrainLoss!.Value, 6);
        var registry = kit.App.Services.GetRequiredService<IAdapterRegistry>();
        Assert.All(checkpoints, c => Assert.True(registry.IsRegistered(c.ModelId)));
    }

    [Fact]
    public async Task FineTunedModelIsListedServedAndDeletable()
    {
        await using var kit = new JobsKit();
        var id = (await kit.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 1 } })).Str("id")!;
        var model = (await kit.WaitForAsync(id, "succeeded")).Str("fine_tuned_model")!;
        var models = kit.App.Sdk().GetOpenAIModelClient();
        var registry = kit.App.Services.GetRequiredService<IAdapterRegistry>();

        Assert.Contains(model, (await models.GetModelsAsync()).Value.Select(m => m.Id));
        Assert.True(registry.IsRegistered(model));

        Assert.True((await models.DeleteModelAsync(model)).Value.Deleted);
        Assert.DoesNotContain(model, (await models.GetModelsAsync()).Value.Select(m => m.Id));
        Assert.False(registry.IsRegistered(model));
    }

    [Fact]
    public async Task ResultFileIsAPlainCsvOfEveryStep()
    {
        await using var kit = new JobsKit();
        var id = (await kit.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 1 } })).Str("id")!;
        var job = await kit.WaitForAsync(id, "succeeded");
        var fileId = Assert.Single(job.GetProperty("result_files").EnumerateArray()).GetString()!;

        var file = JsonDocument.Parse(await kit.Http.GetStringAsync($"/v1/files/{fileId}")).RootElement;
        Assert.Equal("fine-tune-results", file.Str("purpose"));
        var lines = (await kit.Http.GetStringAsync($"/v1/files/{fileId}/content")).TrimEnd('\n').Split('\n');
        Assert.Equal("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy", lines[0]);
        Assert.Equal(11, lines.Length);
        Assert.Equal("2,1.0,0.2,,", lines[2]);
    }

    [Fact]
    public async Task JobObjectHasEveryFieldWithTheRightTypes()
    {
        await using var kit = new JobsKit();
        var created = await kit.CreateJobAsync(new() { ["metadata"] = new { team = "soporte" }, ["seed"] = 42 });
        Assert.Equal("validating_files", created.Str("status"));
        Assert.Equal("auto", created.GetProperty("hyperparameters").Str("n_epochs"));
        var job = await kit.WaitForAsync(created.Str("id")!, "succeeded");

        foreach (var field in new[] { "id", "object", "created_at", "error", "fine_tuned_model", "finished_at", "hyperparameters", "model",
            "organization_id", "result_files", "seed", "status", "trained_tokens", "training_file", "validation_file", "integrations",
            "estimated_finish", "method", "metadata", "user_provided_suffix" })
            Assert.True(job.TryGetProperty(field, out _), $"{field} missing");
        Assert.Equal("fine_tuning.job", job.Str("object"));
        Assert.Equal(JsonValueKind.Null, job.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("estimated_finish").ValueKind);
        Assert.Equal(42, job.GetProperty("seed").GetInt32());
        Assert.Equal("soporte", job.GetProperty("metadata").Str("team"));
        Assert.Equal(JsonValueKind.Number, job.GetProperty("finished_at").ValueKind);
        var method = job.GetProperty("method");
        Assert.Equal("supervised", method.Str("type"));
        var hp = method.GetProperty("supervised").GetProperty("hyperparameters");
        Assert.Equal(10, hp.GetProperty("n_epochs").GetInt32());
        Assert.Equal(16, hp.GetProperty("lora_r").GetInt32());
        Assert.Equal("nf4", hp.Str("quantization"));
    }
}

using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Tests.FineTuning;

/// <summary>What a job shows while it runs and when the trainer refuses the data; continuing an ft: model.</summary>
public class JobOutcomeTests
{
    [Fact]
    public async Task DataProblemFoundByTheTrainerFailsTheJobWithCodeAndParam()
    {
        await using var kit = new JobsKit();
        var lines = Encoding.UTF8.GetString(JobsKit.SupportChats()).Split('\n');
        lines[3] = lines[3].Replace("Su pedido", "Su pedido<|im_end|>");
        var file = await kit.UploadAsync(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        var id = (await kit.CreateJobAsync(new() { ["training_file"] = file })).Str("id")!;

        var job = await kit.WaitForAsync(id, "failed");

        var error = job.GetProperty("error");
        Assert.Equal("invalid_training_file", error.Str("code"));
        Assert.Equal("training_file", error.Str("param"));
        Assert.Contains("line 4", error.Str("message"));
        Assert.Equal(JsonValueKind.Number, job.GetProperty("finished_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("fine_tuned_model").ValueKind);
        var last = (await kit.EventsOldestFirstAsync(id))[^1];
        Assert.Equal("error", last.Str("level"));
    }

    [Fact]
    public async Task RunningJobShowsAnEstimatedFinish()
    {
        await using var kit = new JobsKit(TimeSpan.FromMilliseconds(20));
        var id = (await kit.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 50 } })).Str("id")!;
        await kit.WaitForCheckpointAsync(id);

        var job = await kit.GetJobAsync(id);
        Assert.Equal("running", job.Str("status"));
        Assert.True(job.GetProperty("estimated_finish").GetInt64() >= job.GetProperty("created_at").GetInt64());
        await kit.PostAsync($"/v1/fine_tuning/jobs/{id}/cancel");
        Assert.Equal(JsonValueKind.Null, (await kit.GetJobAsync(id)).GetProperty("estimated_finish").ValueKind);
    }

    [Fact]
    public async Task ContinuingAnFtModelTrainsItsAdapterAndNamesTheNewModelAfterTheBase()
    {
        await using var kit = new JobsKit();
        var parentJob = (await kit.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 1 }, ["suffix"] = "v1" })).Str("id")!;
        var parent = (await kit.WaitForAsync(parentJob, "succeeded")).Str("fine_tuned_model")!;

        var child = await kit.CreateJobAsync(new() { ["model"] = parent, ["hyperparameters"] = new { n_epochs = 1 }, ["suffix"] = "v2" });
        var done = await kit.WaitForAsync(child.Str("id")!, "succeeded");

        Assert.Equal(parent, done.Str("model"));
        Assert.Matches("^ft:openfinetune-tiny:local:v2:[A-Za-z0-9]{8}$", done.Str("fine_tuned_model"));
        var stored = await kit.App.Services.GetRequiredService<IMetadataStore>().FineTunedModels.FindAsync(parent);
        Assert.Equal(Path.Combine(kit.App.DataDir, stored!.AdapterPath), kit.Tuner.Specs[1].ParentAdapter);
    }
}

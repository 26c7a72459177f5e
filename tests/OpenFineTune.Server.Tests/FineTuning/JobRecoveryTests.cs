using System.Text.Json;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Tests.FineTuning;

/// <summary>A job survives a server restart and the deletion of its training file.</summary>
public class JobRecoveryTests
{
    [Fact]
    public async Task JobLeftRunningInTheStoreResumesFromItsLastCheckpointAtStart()
    {
        var dataDir = Directory.CreateTempSubdirectory("oft-restart-").FullName;
        var settings = new Dictionary<string, string> { ["OpenFineTune:DataDir"] = dataDir };
        string id;
        await using (var before = new JobsKit(TimeSpan.FromMilliseconds(20), settings))
        {
            id = (await before.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 50 } })).Str("id")!;
            await before.WaitForCheckpointAsync(id);
        }
        // As after kill -9: the store still says running. (The graceful stop above re-queued it.)
        using (var store = new LiteDbMetadataStore(dataDir))
        {
            var job = (await store.Jobs.FindAsync(id))!;
            Assert.Equal("queued", job.Status);
            await store.Jobs.ReplaceAsync(job with { Status = "running" });
        }

        await using var after = new JobsKit(settings: settings);
        var done = await after.WaitForAsync(id, "succeeded");

        var spec = Assert.Single(after.Tuner.Specs);
        Assert.NotNull(spec.ResumeFrom);
        Assert.StartsWith(Path.Combine(dataDir, "fine_tuning", id), spec.ResumeFrom);
        Assert.StartsWith("ft:", done.Str("fine_tuned_model"));
        var messages = (await after.EventsOldestFirstAsync(id)).Select(e => e.Str("message")).ToList();
        Assert.Contains("The server restarted during training; the job resumes from its last checkpoint", messages);
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task StoredModelsAreServedAgainAfterARestart()
    {
        var dataDir = Directory.CreateTempSubdirectory("oft-restart-").FullName;
        var settings = new Dictionary<string, string> { ["OpenFineTune:DataDir"] = dataDir };
        string model;
        await using (var before = new JobsKit(settings: settings))
        {
            var id = (await before.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 1 } })).Str("id")!;
            model = (await before.WaitForAsync(id, "succeeded")).Str("fine_tuned_model")!;
        }

        await using var after = new JobsKit(settings: settings);
        _ = after.Http; // start the host
        var registry = (OpenFineTune.Engine.Serving.IAdapterRegistry)after.App.Services.GetService(typeof(OpenFineTune.Engine.Serving.IAdapterRegistry))!;
        for (var tries = 0; tries < 200 && !registry.IsRegistered(model); tries++) await Task.Delay(50);
        Assert.True(registry.IsRegistered(model));
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task DeletingTheTrainingFileMidJobDoesNotBreakIt()
    {
        await using var kit = new JobsKit(TimeSpan.FromMilliseconds(5));
        var job = await kit.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 5 } });
        var id = job.Str("id")!;
        await kit.WaitForAsync(id, "running", "succeeded");

        var deleted = await kit.Http.DeleteAsync($"/v1/files/{job.Str("training_file")}");
        Assert.True(deleted.IsSuccessStatusCode);

        var done = await kit.WaitForAsync(id, "succeeded");
        Assert.Equal(JsonValueKind.Null, done.GetProperty("error").ValueKind);
        Assert.Equal(10, Assert.Single(kit.Tuner.Specs).Training.Count);
    }
}

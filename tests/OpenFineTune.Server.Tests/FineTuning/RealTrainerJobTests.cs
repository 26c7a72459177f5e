using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenFineTune.Engine.Models.BuiltIn;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Server.Tests.FineTuning;

/// <summary>A job through the real QLoraTrainer on the built-in model: a tiny dataset, two epochs, to succeeded.</summary>
public class RealTrainerJobTests
{
    sealed class BuiltInCatalog(string directory) : IBaseModelCatalog
    {
        public IReadOnlyList<BaseModelInfo> BaseModels { get; } = [new(BuiltInModel.Id, 0, directory, BuiltInModel.Description, IsBuiltIn: true)];
    }

    [Fact]
    public async Task BuiltInModelJobSucceedsWithAServablePeftAdapter()
    {
        var modelDir = BuiltInModel.EnsureCreated(Directory.CreateTempSubdirectory("oft-builtin-").FullName);
        await using var app = new OpenFineTuneApp(services: s => s.AddSingleton<IBaseModelCatalog>(new BuiltInCatalog(modelDir)));
        var kit = new { Http = app.CreateClient() };
        var upload = await kit.Http.PostAsync("/v1/files", Envelope.Upload(JobsKit.SupportChats()));
        var fileId = System.Text.Json.JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.Str("id");
        var client = app.Sdk().GetFineTuningClient();

        // As the Spanish tutorial sends it: the deprecated top-level hyperparameters.
        var created = await kit.Http.PostAsJsonAsync("/v1/fine_tuning/jobs",
            new { model = BuiltInModel.Id, training_file = fileId, hyperparameters = new { n_epochs = 2 }, seed = 7 });
        var id = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.Str("id")!;
        OpenAI.FineTuning.FineTuningJob job = await client.GetJobAsync(id);
        // Bounds a hang only: in-process training shares two cores with every other test (and may wait minutes for them).
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
        while (!job.HasCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            await job.UpdateStatusAsync();
        }

        var raw = System.Text.Json.JsonDocument.Parse(await kit.Http.GetStringAsync($"/v1/fine_tuning/jobs/{job.JobId}")).RootElement;
        Assert.True(raw.Str("status") == "succeeded", raw.ToString());
        var model = raw.Str("fine_tuned_model")!;
        Assert.True(app.Services.GetRequiredService<IAdapterRegistry>().IsRegistered(model));
        Assert.True(raw.GetProperty("trained_tokens").GetInt32() > 0);
        // The built-in recipe: batch 2 → 5 steps per epoch over 10 examples, 2 epochs → checkpoints at 10 and 5.
        var checkpoints = new List<int>();
        await foreach (var c in job.GetCheckpointsAsync()) checkpoints.Add(c.StepNumber);
        Assert.Equal([10, 5], checkpoints);
        var adapter = Directory.GetFiles(Path.Combine(app.DataDir, "fine_tuning", job.JobId, "work", "adapter")).Select(Path.GetFileName);
        Assert.Contains("adapter_config.json", adapter);
        Assert.Contains("adapter_model.safetensors", adapter);
        Directory.Delete(Path.GetDirectoryName(modelDir)!, recursive: true);
    }
}

using System.ClientModel;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Models;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Tests.Models;

/// <summary>/v1/models: base models from the catalog, fine-tuned ones from the metadata store; ids with ':' and '/'.</summary>
public class ModelsTests
{
    const string FineTunedId = "ft:Qwen/Qwen2.5-0.5B-Instruct:local::abc123";

    static async Task SeedFineTuned(OpenFineTuneApp app) =>
        await app.Services.GetRequiredService<IMetadataStore>().FineTunedModels.AddAsync(new FineTunedModelRecord
        {
            Id = FineTunedId, CreatedAt = 1_795_000_000, Owner = "local", BaseModel = "Qwen/Qwen2.5-0.5B-Instruct",
            AdapterPath = "adapters/ftjob-x", JobId = "ftjob-x",
        });

    [Fact]
    public async Task WithoutModelOptionsTheBuiltInModelIsListed()
    {
        await using var app = new OpenFineTuneApp();

        OpenAIModelCollection models = await app.Sdk().GetOpenAIModelClient().GetModelsAsync();

        var model = Assert.Single(models);
        Assert.Equal("openfinetune-tiny", model.Id);
        Assert.Equal("system", model.OwnedBy);
    }

    [Fact]
    public async Task ModelOptionsNameTheServedModelsByDirectory()
    {
        await using var app = new OpenFineTuneApp(new()
        {
            ["OpenFineTune:Models:0"] = "/models/Qwen2.5-0.5B-Instruct/", ["OpenFineTune:Models:1"] = "/models/SmolLM2-135M",
        });

        OpenAIModelCollection models = await app.Sdk().GetOpenAIModelClient().GetModelsAsync();

        Assert.Equal(["Qwen2.5-0.5B-Instruct", "SmolLM2-135M"], models.Select(m => m.Id));
    }

    [Fact]
    public async Task FineTunedModelsWithColonsAndSlashesCanBeRetrievedAndDeleted()
    {
        await using var app = new OpenFineTuneApp();
        await SeedFineTuned(app);
        var client = app.Sdk().GetOpenAIModelClient();

        Assert.Contains(FineTunedId, (await client.GetModelsAsync()).Value.Select(m => m.Id));
        OpenAIModel model = await client.GetModelAsync(FineTunedId);
        Assert.Equal("local", model.OwnedBy);
        Assert.Equal(1_795_000_000, model.CreatedAt.ToUnixTimeSeconds());

        ModelDeletionResult deleted = await client.DeleteModelAsync(FineTunedId);
        Assert.True(deleted.Deleted);
        Assert.Equal(FineTunedId, deleted.ModelId);
        Assert.DoesNotContain(FineTunedId, (await client.GetModelsAsync()).Value.Select(m => m.Id));
    }

    [Theory]
    [InlineData("/v1/models/ft:Qwen%2FQwen2.5-0.5B-Instruct:local::abc123")]
    [InlineData("/v1/models/ft:Qwen/Qwen2.5-0.5B-Instruct:local::abc123")]
    [InlineData("/v1/models/ft%3AQwen%2FQwen2.5-0.5B-Instruct%3Alocal%3A%3Aabc123")]
    public async Task RawIdsAreDecodedWhetherSlashesAreEscapedOrNot(string path)
    {
        await using var app = new OpenFineTuneApp();
        await SeedFineTuned(app);

        var model = JsonDocument.Parse(await app.CreateClient().GetStringAsync(path)).RootElement;

        Assert.Equal(FineTunedId, model.Str("id"));
        Assert.Equal("model", model.Str("object"));
    }

    [Fact]
    public async Task DeletingABaseModelIs403AndKeepsIt()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.Sdk().GetOpenAIModelClient();

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.DeleteModelAsync("openfinetune-tiny"));

        Assert.Equal(403, error.Status);
        Assert.Contains("base model", error.Message);
        Assert.Single((await client.GetModelsAsync()).Value);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task UnknownModelsAre404ModelNotFound(string method)
    {
        await using var app = new OpenFineTuneApp();

        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), "/v1/models/ft:nope:local::x"));

        var error = await Envelope.AssertError(response, 404);
        Assert.Equal("model_not_found", error.Str("code"));
        Assert.Contains("`ft:nope:local::x`", error.Str("message"));
    }
}

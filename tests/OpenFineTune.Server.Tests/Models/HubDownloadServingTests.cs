using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenFineTune.Engine.Models.Hub;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Server.Tests.Chat;
using OpenFineTune.Server.Tests.Completions;

namespace OpenFineTune.Server.Tests.Models;

/// <summary>`--model org/name` with HF_ENDPOINT at a (fake) hub: the server downloads it at start-up, logs the progress, and serves it.</summary>
public class HubDownloadServingTests
{
    const string Repo = "karpathy/stories260k";

    [Fact]
    public async Task DownloadedModelIsListedAndAnswersACompletion()
    {
        using var hub = new FakeHub(Repo, RealEngine.Stories260k, requiredToken: "hf_secret");
        var cache = Directory.CreateTempSubdirectory("oft-hub-").FullName;
        var logs = new LogCapture();
        try
        {
            await using var app = new OpenFineTuneApp(services: s =>
            {
                s.AddSingleton<ILoggerProvider>(logs);
                s.AddSingleton(new EngineOptions { Models = [Repo], Hub = new HubSettings(cache, hub.Endpoint, "hf_secret"), Threads = 1 });
            });

            var model = await app.Sdk().GetOpenAIModelClient().GetModelAsync(Repo);
            Assert.Equal(Repo, model.Value.Id);
            var body = await Wire.PostOk(app.CreateClient(), "/v1/completions",
                $$"""{"model":"{{Repo}}","prompt":"Once upon a time, there was","temperature":0,"max_tokens":6}""");
            Assert.StartsWith("a little girl", body.GetProperty("choices")[0].Str("text")!.TrimStart());
            Assert.Contains(logs.Entries, e => e.Category == "OpenFineTune.Hub" && e.Message.Contains("model.safetensors") && e.Message.Contains("(done)"));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}

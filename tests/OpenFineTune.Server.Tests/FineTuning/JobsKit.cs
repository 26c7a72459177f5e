using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Engine.Training;
using OpenFineTune.Server.Jobs;

namespace OpenFineTune.Server.Tests.FineTuning;

/// <summary>A server with a <see cref="FakeFineTuner"/>, plus helpers to upload datasets, create jobs and wait on them.</summary>
sealed class JobsKit : IAsyncDisposable
{
    /// <param name="settings">Config keys; <c>OpenFineTune:DataDir</c> here points two servers at one data dir.</param>
    /// <param name="tuner">Trains instead of <see cref="Tuner"/> (which then stays unused).</param>
    public JobsKit(TimeSpan stepDelay = default, Dictionary<string, string>? settings = null, IFineTuner? tuner = null)
    {
        Tuner = new FakeFineTuner(stepDelay);
        // The fake writes no real adapter, so adapters are only remembered, whatever engine the host registers; and the
        // base model is a pretrained one, so "auto" follows OpenAI's cookbook rule (10 examples → 10 epochs of batch 1).
        App = new OpenFineTuneApp(settings, s => s.AddSingleton(tuner ?? Tuner).AddSingleton<IAdapterRegistry, RememberedAdapters>()
            .AddSingleton<IBaseModelCatalog>(new PretrainedCatalog()));
        Http = App.CreateClient();
    }

    sealed class PretrainedCatalog : IBaseModelCatalog
    {
        public IReadOnlyList<BaseModelInfo> BaseModels { get; } = [new("openfinetune-tiny", 0, "/models/not-loaded-by-the-fake")];
    }

    public FakeFineTuner Tuner { get; }
    public OpenFineTuneApp App { get; }
    public HttpClient Http { get; }

    /// <summary>Ten short customer-support chats in Spanish (the minimum OpenAI accepts).</summary>
    public static byte[] SupportChats(int count = 10) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, count).Select(i =>
        JsonSerializer.Serialize(new
        {
            messages = new object[]
            {
                new { role = "system", content = "Eres el asistente de soporte de TiendaSol." },
                new { role = "user", content = $"¿Dónde está mi pedido número {i}?" },
                new { role = "assistant", content = $"Su pedido {i} salió ayer y llegará en dos días hábiles." },
            },
        }) + "\n")));

    public async Task<string> UploadAsync(byte[] content, string purpose = "fine-tune")
    {
        var response = await Http.PostAsync("/v1/files", Envelope.Upload(content, purpose: purpose));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Str("id")!;
    }

    public Task<HttpResponseMessage> PostJobAsync(object body) => Http.PostAsJsonAsync("/v1/fine_tuning/jobs", body);

    /// <summary>Creates a job on a fresh upload of <see cref="SupportChats"/>; extra fields merge into the body.</summary>
    public async Task<JsonElement> CreateJobAsync(Dictionary<string, object?>? extra = null)
    {
        var body = new Dictionary<string, object?> { ["model"] = "openfinetune-tiny", ["training_file"] = await UploadAsync(SupportChats()) };
        foreach (var (k, v) in extra ?? []) body[k] = v;
        var response = await PostJobAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetJobAsync(string id) =>
        JsonDocument.Parse(await Http.GetStringAsync($"/v1/fine_tuning/jobs/{id}")).RootElement.Clone();

    public async Task<JsonElement> PostAsync(string path)
    {
        var response = await Http.PostAsync(path, null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls until the job's status is one of <paramref name="statuses"/> (the guard only stops a hang).</summary>
    public async Task<JsonElement> WaitForAsync(string id, params string[] statuses)
    {
        for (var tries = 0; tries < 600; tries++)
        {
            var job = await GetJobAsync(id);
            if (statuses.Contains(job.Str("status"))) return job;
            Assert.False(job.Str("status") is "succeeded" or "failed" or "cancelled", $"job ended {job.Str("status")}, not {string.Join("/", statuses)}: {job}");
            await Task.Delay(50);
        }
        throw new TimeoutException($"job {id} never reached {string.Join("/", statuses)}: {await GetJobAsync(id)}");
    }

    /// <summary>Polls until the job has at least one checkpoint (so a pause or cancel lands mid-training).</summary>
    public async Task WaitForCheckpointAsync(string id)
    {
        for (var tries = 0; tries < 600; tries++)
        {
            var page = JsonDocument.Parse(await Http.GetStringAsync($"/v1/fine_tuning/jobs/{id}/checkpoints")).RootElement;
            if (page.GetProperty("data").GetArrayLength() > 0) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"job {id} never wrote a checkpoint");
    }

    /// <summary>All of a job's events, paged as the SDKs page (after = last id of the page), oldest first.</summary>
    public async Task<List<JsonElement>> EventsOldestFirstAsync(string id)
    {
        var all = new List<JsonElement>();
        for (string query = "?limit=100"; ;)
        {
            var page = JsonDocument.Parse(await Http.GetStringAsync($"/v1/fine_tuning/jobs/{id}/events{query}")).RootElement.Clone();
            all.AddRange(page.GetProperty("data").EnumerateArray());
            if (!page.GetProperty("has_more").GetBoolean()) break;
            query = $"?limit=100&after={all[^1].Str("id")}";
        }
        all.Reverse();
        return all;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
    }
}

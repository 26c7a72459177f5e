using System.ClientModel;
using System.Diagnostics;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Files;
using OpenAI.FineTuning;
using Xunit.Abstractions;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>
/// The Spanish tutorial's steps 3–6 through the official .NET <c>OpenAI</c> SDK against a real server on the built-in
/// model: upload the support chats, create a job with no hyper-parameters, poll it to <c>succeeded</c>, read its events
/// and checkpoints, then at temperature 0 the ft: model reproduces the training answers (mean similarity ≥ 0.8) where
/// the base model does not (≤ 0.4). The time is logged, never asserted.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DotnetSdkTutorialTests(ITestOutputHelper log)
{
    const string BaseModel = "openfinetune-tiny";
    static readonly TimeSpan PollLimit = TimeSpan.FromMinutes(20); // bounds a hung job only

    [Fact]
    public async Task DotnetSdkTutorialTrainsAnFtModelThatReproducesTheTrainingAnswers()
    {
        using var dataDir = new TempDirectory();
        // One training thread: on two cores the other one serves the SDK's requests.
        using var server = await ServerProcess.StartAsync(dataDir.Path, "--threads", "1");
        var client = new OpenAIClient(new ApiKeyCredential("sk-noauth"), new OpenAIClientOptions { Endpoint = new Uri(server.ApiBaseUrl) });
        var clock = Stopwatch.StartNew();

        // Paso 3: Subir Dataset
        OpenAIFile file = await client.GetOpenAIFileClient().UploadFileAsync(TestPaths.SupportChats, FileUploadPurpose.FineTune);
        // Paso 4: Crear Fine-Tuning Job, no hyper-parameters
        var fineTuning = client.GetFineTuningClient();
        FineTuningJob job = await fineTuning.FineTuneAsync(BaseModel, file.Id, waitUntilCompleted: false);
        // Paso 5: Monitorear Progreso
        while (!job.HasCompleted && clock.Elapsed < PollLimit)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            await job.UpdateStatusAsync();
        }
        var trainedIn = clock.Elapsed;
        Assert.True(job.Status == FineTuningStatus.Succeeded, $"job ended {job.Status} after {trainedIn}.\n{server.Output}");
        var model = FineTunedModel(job);
        Assert.Matches("^ft:openfinetune-tiny:local::[A-Za-z0-9]{8}$", model);
        await AssertEventsAndCheckpointsAsync(job);

        // Paso 6: Usar el Modelo
        var examples = ReadExamples();
        var ft = await MeanSimilarityAsync(client.GetChatClient(model), examples);
        var baseline = await MeanSimilarityAsync(client.GetChatClient(BaseModel), examples);
        log.WriteLine($"upload to succeeded: {trainedIn.TotalSeconds:0.0} s; in all {clock.Elapsed.TotalSeconds:0.0} s; similarity ft {ft:0.000}, base {baseline:0.000}");
        Assert.True(ft >= 0.8, $"ft: model similarity {ft:0.000} < 0.8");
        Assert.True(baseline <= 0.4, $"base model similarity {baseline:0.000} > 0.4");
    }

    /// <summary>SDK 2.15 has no property for <c>fine_tuned_model</c>: read it from the JSON of the job's last poll.</summary>
    static string FineTunedModel(FineTuningJob job)
    {
        using var json = JsonDocument.Parse(job.GetRawResponse().Content);
        return json.RootElement.GetProperty("fine_tuned_model").GetString()!;
    }

    static async Task AssertEventsAndCheckpointsAsync(FineTuningJob job)
    {
        var messages = new List<string>();
        await foreach (var e in job.GetEventsAsync(new GetEventsOptions { PageSize = 100 })) messages.Add(e.Message);
        Assert.Equal("The job has successfully completed", messages[0]); // newest first, as OpenAI lists them
        Assert.Contains("Fine-tuning job started", messages);
        var checkpoints = new List<FineTuningCheckpoint>();
        await foreach (var c in job.GetCheckpointsAsync()) checkpoints.Add(c);
        Assert.NotEmpty(checkpoints);
        Assert.All(checkpoints, c => Assert.Matches(@"^ft:.*:ckpt-step-\d+$", c.ModelId));
    }

    static List<(List<ChatMessage> Prompt, string Answer)> ReadExamples() => [.. File.ReadLines(TestPaths.SupportChats)
        .Where(line => line.Trim().Length > 0)
        .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("messages").EnumerateArray().ToList())
        .Select(messages => (
            messages.Where(m => m.GetProperty("role").GetString() != "assistant").Select(ToMessage).ToList(),
            messages.First(m => m.GetProperty("role").GetString() == "assistant").GetProperty("content").GetString()!))];

    static ChatMessage ToMessage(JsonElement m) => m.GetProperty("role").GetString() switch
    {
        "system" => new SystemChatMessage(m.GetProperty("content").GetString()),
        _ => new UserChatMessage(m.GetProperty("content").GetString()),
    };

    async Task<double> MeanSimilarityAsync(ChatClient chat, List<(List<ChatMessage> Prompt, string Answer)> examples)
    {
        // A random base rambles until the limit; the training answers are under 80 bytes.
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 200 };
        var scores = new List<double>();
        foreach (var (prompt, answer) in examples)
        {
            ChatCompletion reply = await chat.CompleteChatAsync(prompt, options);
            var text = reply.Content.Count > 0 ? reply.Content[0].Text : "";
            scores.Add(TextSimilarity.Normalised(text, answer));
            if (scores.Count == 3) log.WriteLine($"{chat.Model}: \"{answer}\" → \"{text}\"");
        }
        return scores.Average();
    }
}

// The Spanish fine-tuning tutorial (pasos 2-6) with the official .NET `OpenAI` SDK.
//
//   OPENAI_BASE_URL=http://127.0.0.1:8000/v1 OPENAI_API_KEY=sk-local dotnet run --project clients/csharp [dataset.jsonl]
//
// The only change from code written for OpenAI: the endpoint and key come from OPENAI_BASE_URL / OPENAI_API_KEY, as
// the Python and Node SDKs read them. BASE_MODEL overrides the tutorial's model name (the server maps it to a served
// model with --model-alias).
using System.ClientModel;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Files;
using OpenAI.FineTuning;

var dataset = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "soporte.jsonl");
var baseModel = Environment.GetEnvironmentVariable("BASE_MODEL") ?? "gpt-4o-mini-2024-07-18";
// The tutorial polls every 60 s; local jobs are short.
var pollSeconds = double.Parse(Environment.GetEnvironmentVariable("POLL_SECONDS") ?? "5", System.Globalization.CultureInfo.InvariantCulture);
const string SystemPrompt = "Eres un asistente de soporte técnico de SoftwareCorp.";
const string Question = "Mi cuenta está bloqueada";

// Paso 2: Validar Dataset (the tutorial's own checks)
var errors = Dataset.Validate(dataset);
if (errors.Count > 0)
{
    Console.WriteLine(string.Join('\n', ["Errores encontrados:", .. errors]));
    return 1;
}
Console.WriteLine("Dataset válido!");

var client = new OpenAIClient(
    new ApiKeyCredential(Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new InvalidOperationException("set OPENAI_API_KEY")),
    new OpenAIClientOptions { Endpoint = new Uri(Environment.GetEnvironmentVariable("OPENAI_BASE_URL") ?? "https://api.openai.com/v1") });

// Paso 3: Subir Dataset
OpenAIFile file = await client.GetOpenAIFileClient().UploadFileAsync(dataset, FileUploadPurpose.FineTune);
Console.WriteLine($"Archivo subido: {file.Id}");

// Paso 4: Crear Fine-Tuning Job
var fineTuning = client.GetFineTuningClient();
FineTuningJob job = await fineTuning.FineTuneAsync(baseModel, file.Id, waitUntilCompleted: false, new FineTuningOptions
{
    TrainingMethod = FineTuningTrainingMethod.CreateSupervised(epochCount: 3, batchSize: 1, learningRate: 1.8),
});
Console.WriteLine($"Job creado: {job.JobId}");

// Paso 5: Monitorear Progreso
while (true)
{
    await job.UpdateStatusAsync();
    Console.WriteLine($"Status: {job.Status}");
    if (job.HasCompleted) break;
    await Task.Delay(TimeSpan.FromSeconds(pollSeconds));
}

// The job's events, oldest first (the API lists newest first).
var events = new List<FineTuningEvent>();
await foreach (var e in job.GetEventsAsync(new GetEventsOptions { PageSize = 10 }))
{
    events.Add(e);
    if (events.Count == 10) break;
}
foreach (var e in Enumerable.Reverse(events)) Console.WriteLine($"Evento: {e.Message}");

// This SDK's FineTuningJob has no typed fine_tuned_model or error: read them from the job's JSON.
using var jobJson = JsonDocument.Parse(job.GetRawResponse().Content);
if (job.Status != FineTuningStatus.Succeeded)
{
    Console.WriteLine($"El job terminó en {job.Status}: {jobJson.RootElement.GetProperty("error")}");
    return 1;
}
var fineTunedModel = jobJson.RootElement.GetProperty("fine_tuned_model").GetString()!;
Console.WriteLine($"Modelo listo: {fineTunedModel}");

// Paso 6: Usar el Modelo, and the base model for comparison
async Task Ask(string model)
{
    ChatCompletion completion = await client.GetChatClient(model).CompleteChatAsync(
        [new SystemChatMessage(SystemPrompt), new UserChatMessage(Question)],
        new ChatCompletionOptions { MaxOutputTokenCount = 100 });
    Console.WriteLine($"--- {model} ---");
    Console.WriteLine(completion.Content.Count > 0 ? completion.Content[0].Text : "");
}

await Ask(fineTunedModel);
await Ask(baseModel);
return 0;

/// <summary>The tutorial's validate_jsonl: one message per line that breaks the chat format.</summary>
static class Dataset
{
    public static List<string> Validate(string path)
    {
        var errors = new List<string>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            try
            {
                using var data = JsonDocument.Parse(line);
                if (!data.RootElement.TryGetProperty("messages", out var messages))
                {
                    errors.Add($"Línea {number}: Falta 'messages'");
                    continue;
                }
                foreach (var message in messages.EnumerateArray())
                    if (!message.TryGetProperty("role", out _) || !message.TryGetProperty("content", out _))
                        errors.Add($"Línea {number}: Mensaje mal formado");
            }
            catch (JsonException) { errors.Add($"Línea {number}: JSON inválido"); }
        }
        return errors;
    }
}

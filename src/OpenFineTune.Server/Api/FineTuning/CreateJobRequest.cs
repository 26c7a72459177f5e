using System.Text.Json;

namespace OpenFineTune.Server.Api.FineTuning;

/// <summary>
/// <c>POST /v1/fine_tuning/jobs</c> body as sent (https://platform.openai.com/docs/api-reference/fine-tuning/create).
/// Loose types on purpose: <see cref="CreateJobParser"/> checks every field and names the bad one in <c>param</c>.
/// </summary>
public sealed record CreateJobRequest
{
    public string? Model { get; init; }
    public string? TrainingFile { get; init; }
    public JsonElement? Hyperparameters { get; init; }
    public string? Suffix { get; init; }
    public string? ValidationFile { get; init; }
    public JsonElement? Integrations { get; init; }
    public long? Seed { get; init; }
    public JsonElement? Method { get; init; }
    public JsonElement? Metadata { get; init; }
}

using System.Text.Json;
using OpenFineTune.Engine.Generation;

namespace OpenFineTune.Server.Api.Completions;

/// <summary>
/// <c>POST /v1/completions</c> body (legacy), fields in the order of https://platform.openai.com/docs/api-reference/completions/create.
/// <c>logprobs</c> is an int 0…5 here (a bool in chat), and <c>max_tokens</c> defaults to 16.
/// </summary>
public sealed record CompletionRequest
{
    public const int DefaultMaxTokens = 16, MaxLogprobs = 5;

    /// <summary>OpenAI's default prompt: the document separator GPT models were trained with.</summary>
    public const string DefaultPrompt = "<|endoftext|>";

    public string? Model { get; init; }
    /// <summary>A string, an array of strings, an array of token ids, or an array of token-id arrays.</summary>
    public JsonElement? Prompt { get; init; }
    public int? BestOf { get; init; }
    public bool? Echo { get; init; }
    public double? FrequencyPenalty { get; init; }
    public Dictionary<string, double>? LogitBias { get; init; }
    public int? Logprobs { get; init; }
    public int? MaxTokens { get; init; }
    public int? N { get; init; }
    public double? PresencePenalty { get; init; }
    public long? Seed { get; init; }
    public JsonElement? Stop { get; init; }
    public bool? Stream { get; init; }
    public Chat.StreamOptions? StreamOptions { get; init; }
    /// <summary>Insert mode: refused (no fill-in-the-middle support).</summary>
    public string? Suffix { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    /// <summary>Deprecated; accepted, ignored.</summary>
    public string? User { get; init; }

    public bool IsStream => Stream == true;
    public bool IncludeUsage => IsStream && StreamOptions?.IncludeUsage == true;
    public int Choices => N ?? 1;

    /// <summary>How many are generated per prompt: best_of when it asks for more than n (the best n are returned).</summary>
    public int Generated => Math.Max(BestOf ?? 1, Choices);

    /// <summary>One engine request per prompt: request values, then the model's defaults, then OpenAI's.</summary>
    public IReadOnlyList<GenerationRequest> ToGenerationRequests(SamplingDefaults defaults)
    {
        var sampling = SamplingFields.Sampling(defaults, Temperature, TopP, PresencePenalty, FrequencyPenalty, LogitBias, Seed);
        // Ranking best_of needs each token's logprob, even when the client did not ask for them.
        var topLogprobs = Logprobs ?? (Generated > Choices ? 0 : null);
        return Prompts().Select(prompt => new GenerationRequest(Model!, prompt, sampling, MaxTokens ?? DefaultMaxTokens,
            SamplingFields.Stops(Stop), Generated, topLogprobs, Echo == true)).ToList();
    }

    public IReadOnlyList<Prompt> Prompts() => Prompt switch
    {
        null or { ValueKind: JsonValueKind.Null } => [new Prompt.Text(DefaultPrompt)],
        { ValueKind: JsonValueKind.String } s => [new Prompt.Text(s.GetString()!)],
        { ValueKind: JsonValueKind.Array } a when a.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Number) => [Ids(a)],
        { } a => a.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? new Prompt.Text(p.GetString()!) : (Prompt)Ids(p)).ToList(),
    };

    static Prompt.Tokens Ids(JsonElement array) => new(array.EnumerateArray().Select(x => x.GetInt32()).ToList());

    /// <summary>The problem with <c>prompt</c>'s shape, or null.</summary>
    public string? PromptProblem() => Prompt switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.String } => null,
        { ValueKind: JsonValueKind.Array } a when a.GetArrayLength() == 0 => "'prompt' is an empty array.",
        { ValueKind: JsonValueKind.Array } a when a.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Number) =>
            a.EnumerateArray().All(x => x.TryGetInt32(out _)) ? null : "'prompt' token ids must be integers.",
        { ValueKind: JsonValueKind.Array } a when a.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String) => null,
        { ValueKind: JsonValueKind.Array } a when a.EnumerateArray().All(IsIdArray) => null,
        _ => "'prompt' must be a string, an array of strings, an array of token ids, or an array of token-id arrays.",
    };

    static bool IsIdArray(JsonElement e) => e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0
        && e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Number && x.TryGetInt32(out _));
}

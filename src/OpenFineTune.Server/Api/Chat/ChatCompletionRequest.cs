using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFineTune.Engine.Datasets;
using OpenFineTune.Engine.Generation;
using OpenFineTune.Server.Api.Completions;

namespace OpenFineTune.Server.Api.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c> body, fields in the order of https://platform.openai.com/docs/api-reference/chat/create.
/// Unknown fields are ignored (clients add vendor extras through extra_body); fields we accept without acting on
/// them are marked "accepted, ignored".
/// </summary>
public sealed record ChatCompletionRequest
{
    public List<ChatMessage>? Messages { get; init; }
    public string? Model { get; init; }
    /// <summary>Audio output: refused (text models).</summary>
    public JsonElement? Audio { get; init; }
    public double? FrequencyPenalty { get; init; }
    /// <summary>Deprecated; accepted, ignored (like tool_choice).</summary>
    public JsonElement? FunctionCall { get; init; }
    /// <summary>Deprecated form of tools; offered to the chat template as function tools.</summary>
    public List<JsonElement>? Functions { get; init; }
    public Dictionary<string, double>? LogitBias { get; init; }
    public bool? Logprobs { get; init; }
    public int? MaxCompletionTokens { get; init; }
    /// <summary>Deprecated, still widely sent; when both are given the smaller wins.</summary>
    public int? MaxTokens { get; init; }
    /// <summary>Accepted, ignored.</summary>
    public Dictionary<string, string>? Metadata { get; init; }
    /// <summary>Only "text" can be honoured.</summary>
    public List<string>? Modalities { get; init; }
    public int? N { get; init; }
    /// <summary>Accepted, ignored.</summary>
    public bool? ParallelToolCalls { get; init; }
    /// <summary>Accepted, ignored.</summary>
    public JsonElement? Prediction { get; init; }
    public double? PresencePenalty { get; init; }
    /// <summary>Accepted, ignored.</summary>
    public string? PromptCacheKey { get; init; }
    /// <summary>Accepted, ignored.</summary>
    public string? ReasoningEffort { get; init; }
    /// <summary>text and json_object accepted (no constrained decoding); json_schema refused.</summary>
    public ChatResponseFormat? ResponseFormat { get; init; }
    /// <summary>Accepted, ignored.</summary>
    public string? SafetyIdentifier { get; init; }
    public long? Seed { get; init; }
    /// <summary>Accepted, ignored; responses say "default".</summary>
    public string? ServiceTier { get; init; }
    public JsonElement? Stop { get; init; }
    /// <summary>Accepted, ignored.</summary>
    public bool? Store { get; init; }
    public bool? Stream { get; init; }
    public StreamOptions? StreamOptions { get; init; }
    public double? Temperature { get; init; }
    /// <summary>
    /// Accepted; "none" hides the tools from the template and leaves the reply unparsed; other choices cannot be
    /// enforced (tool calls are parsed from what the model writes).
    /// </summary>
    public JsonElement? ToolChoice { get; init; }
    public List<JsonElement>? Tools { get; init; }
    public int? TopLogprobs { get; init; }
    public double? TopP { get; init; }
    /// <summary>Deprecated; accepted, ignored.</summary>
    public string? User { get; init; }
    /// <summary>Accepted, ignored.</summary>
    public string? Verbosity { get; init; }
    /// <summary>Accepted, ignored.</summary>
    public JsonElement? WebSearchOptions { get; init; }

    public bool IsStream => Stream == true;

    public bool IncludeUsage => IsStream && StreamOptions?.IncludeUsage == true;

    /// <summary>The engine request: request values, then the model's defaults, then OpenAI's.</summary>
    public GenerationRequest ToGenerationRequest(SamplingDefaults defaults) => new(
        Model!,
        new Prompt.Chat(Messages!.Select((m, i) => m.ToConversationMessage(i)).ToList(), OfferedTools()),
        SamplingFields.Sampling(defaults, Temperature, TopP, PresencePenalty, FrequencyPenalty, LogitBias, Seed),
        MaxNewTokens: (MaxTokens, MaxCompletionTokens) switch
        {
            (int a, int b) => Math.Min(a, b),
            var (a, b) => a ?? b,
        },
        Stop: SamplingFields.Stops(Stop),
        N: N ?? 1,
        TopLogprobs: Logprobs == true ? TopLogprobs ?? 0 : null);

    /// <summary>Function tools (and legacy functions) as the chat template sees them; none when tool_choice is "none".</summary>
    IReadOnlyList<ToolDefinition> OfferedTools()
    {
        if (ToolChoice is { ValueKind: JsonValueKind.String } choice && choice.GetString() == "none") return [];
        var tools = (Tools ?? []).Where(IsFunctionTool).Select(t => t.GetProperty("function"))
            .Concat(Functions ?? []);
        return tools.Select(ToToolDefinition).ToList();
    }

    internal static bool IsFunctionTool(JsonElement tool) =>
        tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && type.GetString() == "function" && tool.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object;

    static ToolDefinition ToToolDefinition(JsonElement function)
    {
        string? Field(string name) => function.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;
        var json = new JsonObject { ["type"] = "function", ["function"] = JsonNode.Parse(function.GetRawText()) };
        return new ToolDefinition(Field("name") ?? "", Field("description"), Field("parameters"), json.ToJsonString());
    }
}

/// <summary><c>{type: "text" | "json_object" | "json_schema", json_schema?}</c></summary>
public sealed record ChatResponseFormat(string? Type, JsonElement? JsonSchema);

/// <summary><c>{include_usage?, include_obfuscation?}</c>; only with stream: true.</summary>
public sealed record StreamOptions(bool? IncludeUsage, bool? IncludeObfuscation);

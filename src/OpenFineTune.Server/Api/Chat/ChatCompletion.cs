using System.Text.Json.Serialization;
using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Generation.ToolCalls;

namespace OpenFineTune.Server.Api.Chat;

/// <summary>
/// The chat completion object: https://platform.openai.com/docs/api-reference/chat/object. Nullable fields are sent
/// as null, not left out (the SDKs read them).
/// </summary>
public sealed record ChatCompletion(
    [property: JsonPropertyOrder(-1)] string Id,
    long Created,
    string Model,
    string SystemFingerprint,
    IReadOnlyList<ChatChoice> Choices,
    ChatUsage Usage)
{
    [JsonPropertyOrder(-1)] public string Object => "chat.completion";
    public string ServiceTier => "default";
}

public sealed record ChatChoice(int Index, ChatResponseMessage Message, ChatLogprobs? Logprobs, string FinishReason);

/// <summary>
/// The assistant's reply; refusal is always null and annotations empty. With tool calls, content is the text outside
/// them (null when there is none); tool_calls is left out when the model made none.
/// </summary>
public sealed record ChatResponseMessage(
    [property: JsonPropertyOrder(1)] string? Content,
    [property: JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ChatResponseToolCall>? ToolCalls = null)
{
    public string Role => "assistant";
    [JsonPropertyOrder(1)] public string? Refusal => null;
    [JsonPropertyOrder(1)] public IReadOnlyList<object> Annotations => [];

    /// <summary>The reply of a finished choice, its tool calls parsed out when <paramref name="format"/> is set.</summary>
    public static (ChatResponseMessage Message, string FinishReason) From(string text, string finishReason, ToolCallFormat? format)
    {
        if (format?.Parse(text) is not { Calls.Count: > 0 } parse) return (new ChatResponseMessage(text), finishReason);
        return (new ChatResponseMessage(parse.Content, parse.Calls.Select(ChatResponseToolCall.From).ToList()), "tool_calls");
    }
}

/// <summary><c>{content: [TokenLogprob], refusal: null}</c></summary>
public sealed record ChatLogprobs(IReadOnlyList<ChatTokenLogprob> Content)
{
    public IReadOnlyList<ChatTokenLogprob>? Refusal => null;

    public static ChatLogprobs? From(IReadOnlyList<TokenLogprob>? logprobs) =>
        logprobs is null ? null : new(logprobs.Select(ChatTokenLogprob.From).ToList());
}

/// <summary>
/// <c>{token, logprob, bytes, top_logprobs}</c>; bytes are the token's UTF-8 bytes as integers (not base64), and
/// top_logprobs is [] (never missing) when no count was asked.
/// </summary>
public sealed record ChatTokenLogprob(string Token, float Logprob, IReadOnlyList<int> Bytes, IReadOnlyList<ChatTopLogprob> TopLogprobs)
{
    public static ChatTokenLogprob From(TokenLogprob t) =>
        // Only an echoed prompt (legacy completions) has unscored tokens; chat logprobs are always set.
        new(t.Token, t.Logprob.GetValueOrDefault(), t.Bytes.Select(b => (int)b).ToList(),
            t.TopLogprobs.Select(a => new ChatTopLogprob(a.Token, a.Logprob.GetValueOrDefault(), a.Bytes.Select(b => (int)b).ToList())).ToList());
}

public sealed record ChatTopLogprob(string Token, float Logprob, IReadOnlyList<int> Bytes);

/// <summary>Token counts with OpenAI's details objects (always zero here: no cache, audio, reasoning or prediction).</summary>
public sealed record ChatUsage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
    public PromptTokensDetails PromptTokensDetails => new(0, 0);
    public CompletionTokensDetails CompletionTokensDetails => new(0, 0, 0, 0);
}

public sealed record PromptTokensDetails(int CachedTokens, int AudioTokens);

public sealed record CompletionTokensDetails(int ReasoningTokens, int AudioTokens, int AcceptedPredictionTokens, int RejectedPredictionTokens);

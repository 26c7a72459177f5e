using System.Text.Json.Serialization;
using OpenFineTune.Engine.Generation;

namespace OpenFineTune.Server.Api.Completions;

/// <summary>
/// The legacy completion object: https://platform.openai.com/docs/api-reference/completions/object. Streamed chunks
/// have the same shape and the same <c>object</c> (there is no "chunk" type), with <c>usage: null</c>.
/// </summary>
public sealed record TextCompletion(
    [property: JsonPropertyOrder(-1)] string Id,
    long Created,
    string Model,
    string SystemFingerprint,
    IReadOnlyList<TextChoice> Choices,
    CompletionUsage? Usage)
{
    [JsonPropertyOrder(-1)] public string Object => "text_completion";

    public TextCompletion(CompletionMeta meta, IReadOnlyList<TextChoice> choices, CompletionUsage? usage)
        : this(meta.Id, meta.Created, meta.Model, meta.SystemFingerprint, choices, usage) { }
}

public sealed record TextChoice(string Text, int Index, TextLogprobs? Logprobs, string? FinishReason);

public sealed record CompletionUsage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>
/// Legacy logprobs, one entry per token: its text, logprob, a dict of alternatives (the sampled token always among
/// them, so up to logprobs + 1 keys) and its character offset in the returned text (counting an echoed prompt, whose
/// tokens come first; the very first one has no context, so its logprob and alternatives are null).
/// </summary>
public sealed record TextLogprobs(
    IReadOnlyList<string> Tokens,
    IReadOnlyList<float?> TokenLogprobs,
    IReadOnlyList<Dictionary<string, float>?> TopLogprobs,
    IReadOnlyList<int> TextOffset)
{
    /// <summary>The entries for <paramref name="logprobs"/>, whose text starts at character <paramref name="offset"/>.</summary>
    public static TextLogprobs From(IReadOnlyList<TokenLogprob> logprobs, int offset)
    {
        var offsets = new List<int>();
        foreach (var t in logprobs)
        {
            offsets.Add(offset);
            offset += t.Token.Length;
        }
        return new(logprobs.Select(t => t.Token).ToList(), logprobs.Select(t => t.Logprob).ToList(),
            logprobs.Select(Alternatives).ToList(), offsets);
    }

    // The first token of an echoed prompt is not scored: null, as OpenAI answers.
    static Dictionary<string, float>? Alternatives(TokenLogprob t)
    {
        if (t.Logprob is not { } logprob) return null;
        var top = new Dictionary<string, float> { [t.Token] = logprob };
        foreach (var a in t.TopLogprobs) top.TryAdd(a.Token, a.Logprob.GetValueOrDefault());
        return top;
    }
}

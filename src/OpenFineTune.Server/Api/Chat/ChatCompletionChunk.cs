using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using OpenFineTune.Engine.Generation;
using OpenFineTune.Server.Api.Completions;

namespace OpenFineTune.Server.Api.Chat;

/// <summary>
/// One streamed event: https://platform.openai.com/docs/api-reference/chat-streaming/streaming. <c>usage</c> is null on
/// every chunk but the extra last one that include_usage asks for (which has <c>choices: []</c>).
/// </summary>
public sealed record ChatCompletionChunk(
    [property: JsonPropertyOrder(-1)] string Id,
    long Created,
    string Model,
    string SystemFingerprint,
    IReadOnlyList<ChatChunkChoice> Choices,
    ChatUsage? Usage)
{
    [JsonPropertyOrder(-1)] public string Object => "chat.completion.chunk";
    public string ServiceTier => "default";

    /// <summary>
    /// Per choice: <c>{role:"assistant", content:""}</c> first, then <c>{content}</c> pieces, then <c>{}</c> with the
    /// finish_reason. The first engine delta is awaited before the first chunk, so an engine failure at the start is
    /// still an ordinary HTTP error.
    /// </summary>
    public static async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(IAsyncEnumerable<GenerationDelta> deltas, CompletionMeta meta,
        int choices, int promptTokens, bool includeUsage, [EnumeratorCancellation] CancellationToken ct)
    {
        ChatCompletionChunk Chunk(int index, ChatDelta delta, ChatLogprobs? logprobs, string? finish) =>
            new(meta.Id, meta.Created, meta.Model, meta.SystemFingerprint, [new ChatChunkChoice(index, delta, logprobs, finish)], null);

        await using var e = deltas.GetAsyncEnumerator(ct);
        var more = await e.MoveNextAsync();
        for (var i = 0; i < choices; i++) yield return Chunk(i, new ChatDelta("assistant", ""), null, null);
        var completionTokens = 0;
        for (; more; more = await e.MoveNextAsync())
        {
            var delta = e.Current;
            completionTokens += delta.Tokens;
            if (delta.Text.Length > 0 || delta.Logprobs is { Count: > 0 })
                yield return Chunk(delta.Choice, new ChatDelta(null, delta.Text), ChatLogprobs.From(delta.Logprobs), null);
            if (delta.FinishReason is not null) yield return Chunk(delta.Choice, new ChatDelta(null, null), null, delta.FinishReason);
        }
        if (includeUsage)
            yield return new(meta.Id, meta.Created, meta.Model, meta.SystemFingerprint, [], new ChatUsage(promptTokens, completionTokens));
    }
}

/// <summary><c>finish_reason</c> is sent as null on every chunk but a choice's last (clients broke when it was missing).</summary>
public sealed record ChatChunkChoice(int Index, ChatDelta Delta, ChatLogprobs? Logprobs, string? FinishReason);

/// <summary>The new part of the message; absent fields are left out, so the last delta is <c>{}</c>.</summary>
public sealed record ChatDelta(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content);

using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Generation.ToolCalls;
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
    /// finish_reason. With a tool-call format, text that may be a call is held back and sent at the end as
    /// <c>tool_calls</c> fragments (finish_reason "tool_calls"). The first engine delta is awaited before the first chunk, so an engine failure at the start is
    /// still an ordinary HTTP error.
    /// </summary>
    public static async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(IAsyncEnumerable<GenerationDelta> deltas, CompletionMeta meta,
        int choices, int promptTokens, bool includeUsage, ToolCallFormat? toolCalls, [EnumeratorCancellation] CancellationToken ct)
    {
        ChatCompletionChunk Chunk(int index, ChatDelta delta, ChatLogprobs? logprobs, string? finish) =>
            new(meta.Id, meta.Created, meta.Model, meta.SystemFingerprint, [new ChatChunkChoice(index, delta, logprobs, finish)], null);
        var streamers = toolCalls is null ? null : Enumerable.Range(0, choices).Select(_ => new ToolCallStreamer(toolCalls)).ToArray();

        await using var e = deltas.GetAsyncEnumerator(ct);
        var more = await e.MoveNextAsync();
        for (var i = 0; i < choices; i++) yield return Chunk(i, new ChatDelta("assistant", ""), null, null);
        var completionTokens = 0;
        for (; more; more = await e.MoveNextAsync())
        {
            var delta = e.Current;
            completionTokens += delta.Tokens;
            var text = streamers?[delta.Choice].Push(delta.Text) ?? delta.Text;
            if (text.Length > 0 || delta.Logprobs is { Count: > 0 })
                yield return Chunk(delta.Choice, new ChatDelta(null, text), ChatLogprobs.From(delta.Logprobs), null);
            if (delta.FinishReason is null) continue;
            var finish = delta.FinishReason;
            if (streamers?[delta.Choice].Finish() is (var rest, var calls))
            {
                if (rest.Length > 0) yield return Chunk(delta.Choice, new ChatDelta(null, rest), null, null);
                foreach (var fragment in ChatToolCallDelta.Fragments(calls)) yield return Chunk(delta.Choice, new ChatDelta(null, null, fragment), null, null);
                if (calls.Count > 0) finish = "tool_calls";
            }
            yield return Chunk(delta.Choice, new ChatDelta(null, null), null, finish);
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ChatToolCallDelta>? ToolCalls = null);

using System.Text.Json.Serialization;
using OpenFineTune.Engine.Generation.ToolCalls;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.Chat;

/// <summary>A tool call the model made: <c>{id:"call_…", type:"function", function:{name, arguments}}</c>, arguments a JSON string.</summary>
public sealed record ChatResponseToolCall([property: JsonPropertyOrder(-1)] string Id, ChatFunctionCall Function)
{
    [JsonPropertyOrder(-1)] public string Type => "function";

    public static ChatResponseToolCall From(ParsedToolCall call) => new(NewId(), new ChatFunctionCall(call.Name, call.Arguments));

    public static string NewId() => Ids.New("call_");
}

/// <summary>
/// A streamed tool-call fragment: the first of a call carries <c>id</c>, <c>type</c> and <c>function.name</c> (with
/// arguments ""), later ones only <c>index</c> and argument text; every fragment has <c>index</c>.
/// </summary>
public sealed record ChatToolCallDelta(
    int Index,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type,
    ChatFunctionDelta Function)
{
    public static IEnumerable<ChatToolCallDelta[]> Fragments(IReadOnlyList<ParsedToolCall> calls) =>
        calls.SelectMany((call, i) => new[]
        {
            new[] { new ChatToolCallDelta(i, ChatResponseToolCall.NewId(), "function", new ChatFunctionDelta(call.Name, "")) },
            new[] { new ChatToolCallDelta(i, null, null, new ChatFunctionDelta(null, call.Arguments)) },
        });
}

public sealed record ChatFunctionDelta([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name, string Arguments);

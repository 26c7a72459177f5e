using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenFineTune.Engine.Generation.ToolCalls;

/// <summary>Reads <c>{"name": …, "arguments"|"parameters": …}</c> objects as models write them.</summary>
static class ToolCallJson
{
    /// <summary>The call in <paramref name="json"/>, or null when it is not a JSON object with a string name.</summary>
    public static ParsedToolCall? Call(string json) => Call(TryParse(json));

    public static ParsedToolCall? Call(JsonNode? node)
    {
        if (node is not JsonObject o || o["name"] is not JsonValue name || !name.TryGetValue<string>(out var n) || n.Length == 0) return null;
        return new ParsedToolCall(n, Arguments(o["arguments"] ?? o["parameters"]));
    }

    /// <summary>Every element of a JSON array of calls, or null when any element is not a call.</summary>
    public static IReadOnlyList<ParsedToolCall>? Calls(string json)
    {
        if (TryParse(json) is not JsonArray array || array.Count == 0) return null;
        var calls = array.Select(Call).OfType<ParsedToolCall>().ToList();
        return calls.Count == array.Count ? calls : null;
    }

    // Arguments are an object as a rule; some models write them as a JSON string, which is taken as it is.
    static string Arguments(JsonNode? arguments) => arguments switch
    {
        null => "{}",
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        _ => arguments.ToJsonString(),
    };

    static JsonNode? TryParse(string json)
    {
        try { return JsonNode.Parse(json); }
        catch (JsonException) { return null; }
    }
}

using System.Text.Json.Nodes;
using OpenFineTune.Engine.Datasets;

namespace OpenFineTune.Engine.Training;

/// <summary>
/// A <see cref="Conversation"/> in the shape HF chat templates read: role/content dictionaries, tool calls as
/// <c>{"type":"function","function":{"name","arguments":{…}}}</c> with the arguments parsed, tools as their JSON objects.
/// </summary>
static class TemplateMessages
{
    public static List<object?> Of(IEnumerable<ConversationMessage> messages) => messages.Select(Message).ToList<object?>();

    public static List<object?>? Tools(Conversation conversation) => conversation.Tools.Count == 0 ? null
        : conversation.Tools.Select(t => (object?)JsonNode.Parse(t.Json)).ToList();

    static JsonObject Message(ConversationMessage m)
    {
        var message = new JsonObject { ["role"] = m.Role, ["content"] = m.Content };
        if (m.Name is not null) message["name"] = m.Name;
        if (m.ToolCallId is not null) message["tool_call_id"] = m.ToolCallId;
        // Only set when present: templates such as Qwen2.5's test `not message.tool_calls`.
        if (m.ToolCalls.Count > 0) message["tool_calls"] = new JsonArray(m.ToolCalls.Select(ToolCall).ToArray<JsonNode?>());
        return message;
    }

    static JsonObject ToolCall(ToolCall call) => new()
    {
        ["id"] = call.Id,
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = Arguments(call.ArgumentsJson) },
    };

    static JsonNode? Arguments(string json)
    {
        try { return JsonNode.Parse(json); }
        catch (System.Text.Json.JsonException) { return JsonValue.Create(json); }
    }
}

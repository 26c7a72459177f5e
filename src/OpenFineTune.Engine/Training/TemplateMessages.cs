using System.Text.Json;
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
        : conversation.Tools.Select(t => (object?)Parse(t.Json)).ToList();

    static Dictionary<string, object?> Message(ConversationMessage m)
    {
        var message = new Dictionary<string, object?> { ["role"] = m.Role, ["content"] = m.Content };
        if (m.Name is not null) message["name"] = m.Name;
        if (m.ToolCallId is not null) message["tool_call_id"] = m.ToolCallId;
        // Only set when present: templates such as Qwen2.5's test `not message.tool_calls`.
        if (m.ToolCalls.Count > 0) message["tool_calls"] = m.ToolCalls.Select(ToolCall).ToList();
        return message;
    }

    static Dictionary<string, object?> ToolCall(ToolCall call) => new()
    {
        ["id"] = call.Id,
        ["type"] = "function",
        ["function"] = new Dictionary<string, object?> { ["name"] = call.Name, ["arguments"] = Parse(call.ArgumentsJson) is { } parsed ? parsed : call.ArgumentsJson },
    };

    static JsonElement? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException) { return null; }
    }
}

using System.Text.Json;

namespace OpenFineTune.Engine.Datasets;

/// <summary>Validates one element of <c>messages</c>: its role, the keys that role allows, and their values.</summary>
internal static class ChatMessageReader
{
    // "function" is OpenAI's deprecated role: accepted, but not advertised in the message (as OpenAI's own docs do).
    static readonly string[] Roles = [ChatRoles.System, ChatRoles.User, ChatRoles.Assistant, ChatRoles.Tool];

    static readonly Dictionary<string, string[]> KeysByRole = new()
    {
        [ChatRoles.System] = ["role", "content", "name"],
        [ChatRoles.User] = ["role", "content", "name"],
        [ChatRoles.Assistant] = ["role", "content", "name", "weight", "tool_calls", "function_call"],
        [ChatRoles.Tool] = ["role", "content", "name", "tool_call_id"],
        [ChatRoles.Function] = ["role", "content", "name"],
    };

    public static ConversationMessage? Read(JsonElement message, string path, HashSet<string> toolCallIds, LineProblems problems)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            problems.Add(path, "data_type", $"expected a message object, got {JsonText.Kind(message)}");
            return null;
        }
        var role = ReadRole(message, path, problems);
        if (role is null) return null;
        CheckKeys(message, role, path, problems);
        var name = ReadName(message, role, path, problems);
        var calls = role == ChatRoles.Assistant ? ToolCallReader.ReadToolCalls(message, path, problems) : [];
        var callsTools = role == ChatRoles.Assistant && (message.TryGetProperty("tool_calls", out _) || message.TryGetProperty("function_call", out _));
        var content = MessageContentReader.Read(message, role, path, mayOmit: callsTools, problems);
        foreach (var call in calls) toolCallIds.Add(call.Id);
        return role switch
        {
            ChatRoles.Assistant => new(role, content, ReadWeight(message, path, problems), name, calls, null, path + ".content"),
            ChatRoles.Tool => new(role, content, 0, name, [], ReadToolCallId(message, path, toolCallIds, problems), path + ".content"),
            ChatRoles.Function => new(ChatRoles.Tool, content, 0, name, [], null, path + ".content"),
            _ => new(role, content, 0, name, [], null, path + ".content"),
        };
    }

    static string? ReadRole(JsonElement message, string path, LineProblems problems)
    {
        if (!message.TryGetProperty("role", out var role))
            problems.Add(path + ".role", "message_missing_key", "missing; every message needs a role");
        else if (role.ValueKind == JsonValueKind.String && KeysByRole.ContainsKey(role.GetString()!))
            return role.GetString();
        else
            problems.Add(path + ".role", "unrecognized_role", $"expected one of {JsonText.List(Roles)}; got {JsonText.Quote(role)}");
        return null;
    }

    static void CheckKeys(JsonElement message, string role, string path, LineProblems problems)
    {
        foreach (var key in message.EnumerateObject().Select(p => p.Name).Where(k => !KeysByRole[role].Contains(k)))
            problems.Add($"{path}.{key}", "message_unrecognized_key", key switch
            {
                "weight" => "only assistant messages may have a weight",
                "tool_calls" or "function_call" => $"only assistant messages may have {key}",
                "tool_call_id" => "only tool messages may have a tool_call_id",
                _ => $"unrecognized key; {JsonText.WithArticle(role)} message may have {JsonText.List(KeysByRole[role])}",
            });
    }

    static string? ReadName(JsonElement message, string role, string path, LineProblems problems)
    {
        if (!message.TryGetProperty("name", out var name))
        {
            if (role == ChatRoles.Function) problems.Add(path + ".name", "message_missing_key", "missing; a function message names the function it answers");
            return null;
        }
        return ToolFields.ReadIdentifier(name, path + ".name", problems);
    }

    static int ReadWeight(JsonElement message, string path, LineProblems problems)
    {
        if (!message.TryGetProperty("weight", out var weight)) return 1;
        if (weight.ValueKind == JsonValueKind.Number && weight.TryGetDouble(out var w) && w is 0 or 1) return (int)w;
        problems.Add(path + ".weight", "invalid_weight", $"expected 0 or 1; got {JsonText.Quote(weight)}");
        return 1;
    }

    static string? ReadToolCallId(JsonElement message, string path, HashSet<string> toolCallIds, LineProblems problems)
    {
        if (!message.TryGetProperty("tool_call_id", out var id))
            problems.Add(path + ".tool_call_id", "message_missing_key", "missing; a tool message must name the tool call it answers");
        else if (id.ValueKind != JsonValueKind.String || id.GetString()!.Length == 0)
            problems.Add(path + ".tool_call_id", "data_type", $"expected a non-empty string, got {JsonText.Kind(id)}");
        else if (!toolCallIds.Contains(id.GetString()!))
            problems.Add(path + ".tool_call_id", "invalid_tool_calls", $"{JsonText.Quote(id)} is not the id of an earlier tool call in this example");
        else
            return id.GetString();
        return null;
    }
}

using System.Text;
using System.Text.Json;
using OpenFineTune.Engine.Datasets;

namespace OpenFineTune.Server.Api.Chat;

/// <summary>
/// One request message, any role: https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages.
/// <c>content</c> is a string or an array of parts, kept as JSON here and read by <see cref="ReadContent"/>.
/// </summary>
public sealed record ChatMessage
{
    public string? Role { get; init; }
    public JsonElement? Content { get; init; }
    public string? Name { get; init; }
    public string? Refusal { get; init; }
    public List<ChatToolCall>? ToolCalls { get; init; }
    public string? ToolCallId { get; init; }
    /// <summary>Deprecated assistant field (before tool_calls).</summary>
    public ChatFunctionCall? FunctionCall { get; init; }

    public static readonly string[] Roles = ["developer", "system", "user", "assistant", "tool", "function"];

    /// <summary>The text of the content, or the problem with it and the part it is in (<c>[2]</c>, or "" for the whole).</summary>
    public (string? Text, string? Where, string? Problem) ReadContent()
    {
        if (Content is not { } content || content.ValueKind == JsonValueKind.Null) return (null, null, null);
        if (content.ValueKind == JsonValueKind.String) return (content.GetString(), null, null);
        if (content.ValueKind != JsonValueKind.Array) return (null, "", $"expected a string or an array of content parts, got {Kind(content)}");
        var text = new StringBuilder();
        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            var (partText, problem) = ReadPart(part);
            if (problem is not null) return (null, $"[{index}]", problem);
            if (text.Length > 0) text.Append('\n');
            text.Append(partText);
            index++;
        }
        return (text.ToString(), null, null);
    }

    static (string? Text, string? Problem) ReadPart(JsonElement part)
    {
        if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            return (null, "expected a content part object with a string 'type'");
        var key = type.GetString() switch { "text" => "text", "refusal" => "refusal", _ => null };
        if (key is null)
            return (null, $"content parts of type '{type.GetString()}' are not supported: the models this server runs read text only (use 'text' parts)");
        return part.TryGetProperty(key, out var text) && text.ValueKind == JsonValueKind.String
            ? (text.GetString(), null)
            : (null, $"a '{key}' part needs a string '{key}' field");
    }

    /// <summary>The engine's message: developer → system, legacy function → tool, text parts joined with "\n".</summary>
    public ConversationMessage ToConversationMessage(int index)
    {
        var role = Role switch { "developer" => ChatRoles.System, "function" => ChatRoles.Tool, _ => Role! };
        var calls = ToolCalls?.Select(c => new ToolCall(c.Id ?? "", c.Function?.Name ?? "", c.Function?.Arguments ?? "{}")).ToList() ?? [];
        if (FunctionCall is { } legacy) calls.Add(new ToolCall("", legacy.Name ?? "", legacy.Arguments ?? "{}"));
        return new ConversationMessage(role, ReadContent().Text, 0, Name, calls, ToolCallId, $"messages[{index}]");
    }

    internal static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object", JsonValueKind.Array => "an array", JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number", JsonValueKind.True or JsonValueKind.False => "a boolean", _ => "null",
    };
}

/// <summary>An assistant message's earlier tool call: <c>{id, type:"function", function:{name, arguments}}</c>.</summary>
public sealed record ChatToolCall(string? Id, string? Type, ChatFunctionCall? Function);

/// <summary><c>arguments</c> is a JSON string, as OpenAI sends it.</summary>
public sealed record ChatFunctionCall(string? Name, string? Arguments);

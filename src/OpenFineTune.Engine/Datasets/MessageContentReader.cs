using System.Text.Json;

namespace OpenFineTune.Engine.Datasets;

/// <summary>Reads <c>content</c>: a string, or an array of content parts of which only text can be trained here.</summary>
internal static class MessageContentReader
{
    /// <summary>The text, or null when it may be left out (an assistant message that calls tools) or is invalid.</summary>
    public static string? Read(JsonElement message, string role, string path, bool mayOmit, LineProblems problems)
    {
        var field = path + ".content";
        if (!message.TryGetProperty("content", out var content))
        {
            if (!mayOmit) problems.Add(field, "message_missing_key", $"missing; {JsonText.WithArticle(role)} message needs content");
            return null;
        }
        switch (content.ValueKind)
        {
            case JsonValueKind.String when content.GetString()!.Length > 0:
                return content.GetString();
            case JsonValueKind.Array when content.GetArrayLength() > 0:
                return ReadParts(content, role, field, problems);
            case JsonValueKind.Null or JsonValueKind.String or JsonValueKind.Array:
                if (!mayOmit) problems.Add(field, "missing_content", $"expected text, got {JsonText.Kind(content)}");
                return null;
            default:
                problems.Add(field, "data_type", $"expected a string or an array of text parts, got {JsonText.Kind(content)}");
                return null;
        }
    }

    // Text parts are joined with a newline, as vLLM does for chat requests.
    static string ReadParts(JsonElement parts, string role, string field, LineProblems problems)
    {
        var texts = new List<string>();
        int index = 0;
        foreach (var part in parts.EnumerateArray())
        {
            var text = ReadPart(part, role, $"{field}[{index++}]", problems);
            if (text is not null) texts.Add(text);
        }
        return string.Join("\n", texts);
    }

    static string? ReadPart(JsonElement part, string role, string path, LineProblems problems)
    {
        if (part.ValueKind != JsonValueKind.Object)
        {
            problems.Add(path, "data_type", $"expected a content part such as {{\"type\": \"text\", \"text\": \"...\"}}, got {JsonText.Kind(part)}");
            return null;
        }
        var type = part.TryGetProperty("type", out var t) ? t : default;
        if (type.ValueKind == JsonValueKind.String && type.GetString() == "text") return ReadText(part, path, problems);
        if (type.ValueKind == JsonValueKind.String && type.GetString() == "image_url")
            problems.Add(path, "unsupported_content", role == ChatRoles.User
                ? "image parts are for vision fine-tuning, which the text models trained here do not support"
                : "image parts are only allowed in user messages");
        else
            problems.Add(path + ".type", "data_type", $"expected \"text\" or \"image_url\"; got {(type.ValueKind == JsonValueKind.Undefined ? "nothing" : JsonText.Quote(type))}");
        return null;
    }

    static string? ReadText(JsonElement part, string path, LineProblems problems)
    {
        if (part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String) return text.GetString();
        problems.Add(path + ".text", "missing_content", $"expected a string, got {JsonText.KindOrNothing(text)}");
        return null;
    }
}

using System.Text.Json;

namespace OpenFineTune.Engine.Datasets;

/// <summary>Small helpers that let error messages say what a JSON value was ("got a number").</summary>
internal static class JsonText
{
    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => value.GetArrayLength() == 0 ? "an empty array" : "an array",
        JsonValueKind.String => value.GetString()!.Length == 0 ? "an empty string" : "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>As <see cref="Kind"/>, or "nothing" for a key that is absent (a default element).</summary>
    public static string KindOrNothing(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? "nothing" : Kind(value);

    /// <summary>System.Text.Json's reason without its " Path: … | LineNumber: …" tail.</summary>
    public static string Reason(JsonException e) =>
        e.Message.Split([" Path:", " LineNumber:"], StringSplitOptions.None)[0].TrimEnd('.', ' ');

    /// <summary>The value as written in the file, shortened so one bad line cannot flood a message.</summary>
    public static string Quote(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 60 ? raw : raw[..57] + "...";
    }

    public static string? OptionalString(JsonElement obj, string key) =>
        obj.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>"a user" but "an assistant".</summary>
    public static string WithArticle(string role) => (role == ChatRoles.Assistant ? "an " : "a ") + role;

    public static string List(IEnumerable<string> keys) => string.Join(", ", keys);
}

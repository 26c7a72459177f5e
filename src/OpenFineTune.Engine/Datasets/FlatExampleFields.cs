using System.Text.Json;

namespace OpenFineTune.Engine.Datasets;

/// <summary>Field checks shared by the formats whose examples are a few string fields (Alpaca, prompt/completion, text).</summary>
internal static class FlatExampleFields
{
    public static void CheckKeys(JsonElement example, string[] keys, string format, LineProblems problems)
    {
        foreach (var key in example.EnumerateObject().Select(p => p.Name).Where(k => !keys.Contains(k)))
            problems.Add(key, "example_unrecognized_key", $"unrecognized key; {format} has {JsonText.List(keys)}");
    }

    /// <summary>The string at <paramref name="key"/>; "" when optional and absent; null (and a problem) when invalid.</summary>
    public static string? Read(JsonElement example, string key, bool required, bool allowEmpty, string why, LineProblems problems)
    {
        if (!example.TryGetProperty(key, out var value))
        {
            if (required) problems.Add(key, "message_missing_key", $"missing; {why}");
            return required ? null : "";
        }
        if (value.ValueKind == JsonValueKind.String && (allowEmpty || value.GetString()!.Length > 0)) return value.GetString();
        var code = value.ValueKind == JsonValueKind.String ? "missing_content" : "data_type";
        problems.Add(key, code, $"expected {(allowEmpty ? "a string" : "non-empty text")}, got {JsonText.Kind(value)}");
        return null;
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenFineTune.Engine.Datasets;

/// <summary>Checks shared by tool definitions and tool calls; problems get <c>invalid_tools</c> or <c>invalid_tool_calls</c>.</summary>
internal static partial class ToolFields
{
    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex Identifier();

    const int MaxFunctions = 128;

    /// <summary>A function or participant name: 1–64 letters, digits, underscores or dashes.</summary>
    public static string? ReadIdentifier(JsonElement value, string path, LineProblems problems)
    {
        if (value.ValueKind == JsonValueKind.String && Identifier().IsMatch(value.GetString()!)) return value.GetString();
        problems.Add(path, "invalid_name", $"expected 1 to 64 letters, digits, underscores or dashes; got {JsonText.Quote(value)}");
        return null;
    }

    public static List<T> ReadArray<T>(JsonElement array, string path, int min, Func<JsonElement, string, LineProblems, T?> read, LineProblems problems)
        where T : class
    {
        var max = path == "functions" ? MaxFunctions : int.MaxValue;
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() < min || array.GetArrayLength() > max)
        {
            var size = max == int.MaxValue ? (min == 0 ? "an array" : "a non-empty array") : $"an array of {min} to {max} items";
            problems.Add(path, CodeFor(path), $"expected {size}, got {JsonText.Kind(array)}");
            return [];
        }
        var items = new List<T>();
        int index = 0;
        foreach (var item in array.EnumerateArray())
            if (read(item, $"{path}[{index++}]", problems) is { } value) items.Add(value);
        return items;
    }

    public static bool HasFunctionType(JsonElement item, string path, LineProblems problems)
    {
        if (item.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "function") return true;
        problems.Add(path + ".type", CodeFor(path),
            $"expected \"function\"; got {(type.ValueKind == JsonValueKind.Undefined ? "nothing" : JsonText.Quote(type))}");
        return false;
    }

    public static bool IsObject(JsonElement value, string path, string expected, LineProblems problems)
    {
        if (value.ValueKind == JsonValueKind.Object) return true;
        problems.Add(path, CodeFor(path), $"expected {expected}, got {JsonText.Kind(value)}");
        return false;
    }

    public static string? Missing(string path, string why, LineProblems problems)
    {
        problems.Add(path, CodeFor(path), $"missing; {why}");
        return null;
    }

    public static string CodeFor(string path) =>
        path.Contains("tool_calls") || path.Contains("function_call") ? "invalid_tool_calls" : "invalid_tools";
}

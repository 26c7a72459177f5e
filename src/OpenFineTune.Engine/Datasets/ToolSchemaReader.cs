using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenFineTune.Engine.Datasets;

/// <summary>Validates the tool parts of a chat example: <c>tools</c>/<c>functions</c> and assistant <c>tool_calls</c>/<c>function_call</c>.</summary>
internal static partial class ToolSchemaReader
{
    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex Identifier();

    const int MaxFunctions = 128;

    public static List<ToolDefinition> ReadTools(JsonElement example, LineProblems problems)
    {
        var hasTools = example.TryGetProperty("tools", out var tools);
        var hasFunctions = example.TryGetProperty("functions", out var functions);
        if (hasTools && hasFunctions) problems.Add("functions", "invalid_tools", "give tools or the legacy functions, not both");
        if (hasTools) return ReadArray(tools, "tools", 0, ReadTool, problems);
        if (hasFunctions) return ReadArray(functions, "functions", 1, ReadFunction, problems);
        return [];
    }

    /// <summary><c>tool_calls</c> and the legacy <c>function_call</c> of an assistant message, as tool calls.</summary>
    public static List<ToolCall> ReadToolCalls(JsonElement message, string path, LineProblems problems)
    {
        var calls = message.TryGetProperty("tool_calls", out var toolCalls)
            ? ReadArray(toolCalls, path + ".tool_calls", 1, ReadToolCall, problems) : [];
        if (message.TryGetProperty("function_call", out var functionCall)
            && ReadCallFunction(functionCall, path + ".function_call", problems) is var (name, arguments))
            calls.Add(new ToolCall("", name, arguments));
        return calls;
    }

    /// <summary>A function or participant name: 1–64 letters, digits, underscores or dashes.</summary>
    public static string? ReadIdentifier(JsonElement value, string path, LineProblems problems)
    {
        if (value.ValueKind == JsonValueKind.String && Identifier().IsMatch(value.GetString()!)) return value.GetString();
        problems.Add(path, "invalid_name", $"expected 1 to 64 letters, digits, underscores or dashes; got {JsonText.Quote(value)}");
        return null;
    }

    static List<T> ReadArray<T>(JsonElement array, string path, int min, Func<JsonElement, string, LineProblems, T?> read, LineProblems problems)
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

    static ToolDefinition? ReadTool(JsonElement tool, string path, LineProblems problems)
    {
        if (!IsObject(tool, path, "a tool such as {\"type\": \"function\", \"function\": {...}}", problems)) return null;
        if (!HasFunctionType(tool, path, problems)) return null;
        if (!tool.TryGetProperty("function", out var function))
        {
            Missing(path + ".function", "a tool needs a function definition", problems);
            return null;
        }
        return ReadFunctionDefinition(function, path + ".function", tool.GetRawText(), problems);
    }

    static ToolDefinition? ReadFunction(JsonElement function, string path, LineProblems problems) =>
        ReadFunctionDefinition(function, path, $"{{\"type\":\"function\",\"function\":{function.GetRawText()}}}", problems);

    static ToolDefinition? ReadFunctionDefinition(JsonElement function, string path, string toolJson, LineProblems problems)
    {
        if (!IsObject(function, path, "a function definition with a name", problems)) return null;
        var name = function.TryGetProperty("name", out var n) ? ReadIdentifier(n, path + ".name", problems)
            : Missing(path + ".name", "a function needs a name", problems);
        var description = OptionalOfKind(function, "description", JsonValueKind.String, path, problems);
        var parameters = OptionalOfKind(function, "parameters", JsonValueKind.Object, path, problems);
        return name is null ? null : new ToolDefinition(name, description?.GetString(), parameters?.GetRawText(), toolJson);
    }

    static ToolCall? ReadToolCall(JsonElement call, string path, LineProblems problems)
    {
        if (!IsObject(call, path, "a tool call with id, type and function", problems)) return null;
        string? id = call.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String && i.GetString()!.Length > 0 ? i.GetString() : null;
        if (id is null) problems.Add(path + ".id", CodeFor(path), $"expected a non-empty string, got {(i.ValueKind == JsonValueKind.Undefined ? "nothing" : JsonText.Kind(i))}");
        var typed = HasFunctionType(call, path, problems);
        (string, string)? function = null;
        if (call.TryGetProperty("function", out var f)) function = ReadCallFunction(f, path + ".function", problems);
        else Missing(path + ".function", "a tool call needs a function with name and arguments", problems);
        return id is null || !typed || function is not var (name, arguments) ? null : new ToolCall(id, name, arguments);
    }

    /// <summary>A called function: its name and its arguments, which must be a string holding JSON.</summary>
    static (string Name, string Arguments)? ReadCallFunction(JsonElement function, string path, LineProblems problems)
    {
        if (!IsObject(function, path, "an object with name and arguments", problems)) return null;
        var name = function.TryGetProperty("name", out var n) ? ReadIdentifier(n, path + ".name", problems)
            : Missing(path + ".name", "a function call needs a name", problems);
        var arguments = ReadArguments(function, path + ".arguments", problems);
        return name is null || arguments is null ? null : (name, arguments);
    }

    static string? ReadArguments(JsonElement function, string path, LineProblems problems)
    {
        if (!function.TryGetProperty("arguments", out var arguments))
            return Missing(path, "give the arguments as a JSON string", problems);
        if (arguments.ValueKind != JsonValueKind.String)
        {
            problems.Add(path, CodeFor(path), $"expected a string holding JSON, such as \"{{\\\"city\\\": \\\"Madrid\\\"}}\", got {JsonText.Kind(arguments)}");
            return null;
        }
        try { using var _ = JsonDocument.Parse(arguments.GetString()!); return arguments.GetString(); }
        catch (JsonException e)
        {
            problems.Add(path, CodeFor(path), $"not valid JSON ({e.Message.Split([" Path:", " LineNumber:"], StringSplitOptions.None)[0].TrimEnd('.', ' ')})");
            return null;
        }
    }

    static bool HasFunctionType(JsonElement item, string path, LineProblems problems)
    {
        if (item.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "function") return true;
        problems.Add(path + ".type", CodeFor(path),
            $"expected \"function\"; got {(type.ValueKind == JsonValueKind.Undefined ? "nothing" : JsonText.Quote(type))}");
        return false;
    }

    static JsonElement? OptionalOfKind(JsonElement obj, string key, JsonValueKind kind, string path, LineProblems problems)
    {
        if (!obj.TryGetProperty(key, out var value)) return null;
        if (value.ValueKind == kind) return value;
        problems.Add($"{path}.{key}", CodeFor(path), $"expected {(kind == JsonValueKind.Object ? "a JSON schema object" : "a string")}, got {JsonText.Kind(value)}");
        return null;
    }

    static bool IsObject(JsonElement value, string path, string expected, LineProblems problems)
    {
        if (value.ValueKind == JsonValueKind.Object) return true;
        problems.Add(path, CodeFor(path), $"expected {expected}, got {JsonText.Kind(value)}");
        return false;
    }

    static string? Missing(string path, string why, LineProblems problems)
    {
        problems.Add(path, CodeFor(path), $"missing; {why}");
        return null;
    }

    static string CodeFor(string path) =>
        path.Contains("tool_calls") || path.Contains("function_call") ? "invalid_tool_calls" : "invalid_tools";
}

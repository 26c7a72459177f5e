using System.Text.Json;
using static OpenFineTune.Engine.Datasets.ToolFields;

namespace OpenFineTune.Engine.Datasets;

/// <summary>Validates an assistant message's <c>tool_calls</c> (and legacy <c>function_call</c>): id, type "function", name, JSON arguments.</summary>
internal static class ToolCallReader
{
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

    static ToolCall? ReadToolCall(JsonElement call, string path, LineProblems problems)
    {
        if (!IsObject(call, path, "a tool call with id, type and function", problems)) return null;
        string? id = call.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String && i.GetString()!.Length > 0 ? i.GetString() : null;
        if (id is null) problems.Add(path + ".id", CodeFor(path), $"expected a non-empty string, got {JsonText.KindOrNothing(i)}");
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
            problems.Add(path, CodeFor(path), $"not valid JSON ({JsonText.Reason(e)})");
            return null;
        }
    }
}

using System.Text.Json;
using static OpenFineTune.Engine.Datasets.ToolFields;

namespace OpenFineTune.Engine.Datasets;

/// <summary>Validates an example's <c>tools</c> (or legacy <c>functions</c>, 1–128) and keeps each as JSON for the chat template.</summary>
internal static class ToolDefinitionReader
{
    public static List<ToolDefinition> ReadTools(JsonElement example, LineProblems problems)
    {
        var hasTools = example.TryGetProperty("tools", out var tools);
        var hasFunctions = example.TryGetProperty("functions", out var functions);
        if (hasTools && hasFunctions) problems.Add("functions", "invalid_tools", "give tools or the legacy functions, not both");
        if (hasTools) return ReadArray(tools, "tools", 0, ReadTool, problems);
        if (hasFunctions) return ReadArray(functions, "functions", 1, ReadFunction, problems);
        return [];
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

    static JsonElement? OptionalOfKind(JsonElement obj, string key, JsonValueKind kind, string path, LineProblems problems)
    {
        if (!obj.TryGetProperty(key, out var value)) return null;
        if (value.ValueKind == kind) return value;
        problems.Add($"{path}.{key}", CodeFor(path), $"expected {(kind == JsonValueKind.Object ? "a JSON schema object" : "a string")}, got {JsonText.Kind(value)}");
        return null;
    }
}

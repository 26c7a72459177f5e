namespace OpenFineTune.Engine.Generation.ToolCalls;

/// <summary>
/// Llama 3.1+: the whole reply is one <c>{"name": …, "parameters": {…}}</c> object (after an optional
/// <c>&lt;|python_tag|&gt;</c>), or several separated by <c>;</c>. Any other reply is content.
/// </summary>
sealed class LlamaJsonToolCalls : ToolCallFormat
{
    const string PythonTag = "<|python_tag|>";

    public override string Name => "llama3_json";

    public override ToolCallParse Parse(string reply)
    {
        var body = reply.Replace(PythonTag, "", StringComparison.Ordinal).Trim();
        if (!body.StartsWith('{')) return new ToolCallParse([], reply);
        if (ToolCallJson.Call(body) is { } single) return new ToolCallParse([single], null);
        var pieces = body.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var calls = pieces.Select(ToolCallJson.Call).OfType<ParsedToolCall>().ToList();
        return pieces.Length > 1 && calls.Count == pieces.Length ? new ToolCallParse(calls, null) : new ToolCallParse([], reply);
    }

    public override int SafeContentLength(string partialReply)
    {
        var trimmed = partialReply.Replace(PythonTag, "", StringComparison.Ordinal).TrimStart();
        return trimmed.Length == 0 || trimmed[0] == '{' ? 0 : partialReply.Length;
    }
}

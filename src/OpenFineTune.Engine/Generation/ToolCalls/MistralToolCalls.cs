namespace OpenFineTune.Engine.Generation.ToolCalls;

/// <summary>
/// Mistral: <c>[TOOL_CALLS][{"name": …, "arguments": {…}}, …]</c> after any text. <c>[TOOL_CALLS]</c> is a special token,
/// so a decoder that skips special tokens leaves only the JSON array, which is read as calls when it is the whole reply.
/// </summary>
sealed class MistralToolCalls : ToolCallFormat
{
    const string Marker = "[TOOL_CALLS]";

    public override string Name => "mistral";

    public override ToolCallParse Parse(string reply)
    {
        var marker = reply.IndexOf(Marker, StringComparison.Ordinal);
        var (before, json) = marker >= 0 ? (reply[..marker].Trim(), reply[(marker + Marker.Length)..].Trim()) : ("", reply.Trim());
        if (ToolCallJson.Calls(json) is not { } calls) return new ToolCallParse([], reply);
        return new ToolCallParse(calls, before.Length == 0 ? null : before);
    }

    public override int SafeContentLength(string partialReply)
    {
        var marker = partialReply.IndexOf(Marker, StringComparison.Ordinal);
        if (marker >= 0) return marker;
        var trimmed = partialReply.TrimStart();
        return trimmed.Length == 0 || trimmed[0] == '[' ? 0 : partialReply.Length;
    }
}

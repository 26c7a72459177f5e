using System.Text.RegularExpressions;

namespace OpenFineTune.Engine.Generation.ToolCalls;

/// <summary>
/// Hermes, Qwen2.5 and Qwen3: each call is <c>&lt;tool_call&gt;\n{"name": …, "arguments": {…}}\n&lt;/tool_call&gt;</c>,
/// possibly several, possibly after some text. A last call cut off before its closing tag is still read if its JSON is whole.
/// </summary>
sealed partial class HermesToolCalls : ToolCallFormat
{
    const string Open = "<tool_call>";

    public override string Name => "hermes";

    public override ToolCallParse Parse(string reply)
    {
        var calls = new List<ParsedToolCall>();
        var content = CallBlock().Replace(reply, m =>
        {
            if (ToolCallJson.Call(m.Groups["json"].Value.Trim()) is not { } call) return m.Value;
            calls.Add(call);
            return "";
        }).Trim();
        return new ToolCallParse(calls, calls.Count > 0 && content.Length == 0 ? null : calls.Count > 0 ? content : reply);
    }

    public override int SafeContentLength(string partialReply)
    {
        var open = partialReply.IndexOf(Open, StringComparison.Ordinal);
        if (open >= 0) return open;
        // Hold back a tail that could be the start of "<tool_call>".
        for (var keep = Math.Min(Open.Length - 1, partialReply.Length); keep > 0; keep--)
            if (partialReply.EndsWith(Open[..keep], StringComparison.Ordinal)) return partialReply.Length - keep;
        return partialReply.Length;
    }

    [GeneratedRegex(@"<tool_call>(?<json>.*?)(</tool_call>|\z)", RegexOptions.Singleline)]
    private static partial Regex CallBlock();
}

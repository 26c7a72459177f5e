using System.Text;
using OpenFineTune.Engine.Generation.ToolCalls;

namespace OpenFineTune.Server.Api.Chat;

/// <summary>
/// One streamed choice whose reply may hold tool calls: content is passed on as soon as the format says it cannot
/// become a call; the rest is held back and parsed when the choice ends, so a call is never sent as content.
/// </summary>
sealed class ToolCallStreamer(ToolCallFormat format)
{
    readonly StringBuilder _reply = new();
    int _sent;

    /// <summary>The content that is safe to send after <paramref name="text"/> arrived ("" while it is held back).</summary>
    public string Push(string text)
    {
        _reply.Append(text);
        var safe = format.SafeContentLength(_reply.ToString());
        if (safe <= _sent) return "";
        var content = _reply.ToString(_sent, safe - _sent);
        _sent = safe;
        return content;
    }

    /// <summary>At the end of the choice: the content still unsent and the tool calls.</summary>
    public (string Content, IReadOnlyList<ParsedToolCall> Calls) Finish()
    {
        var reply = _reply.ToString();
        var parse = format.Parse(reply);
        if (parse.Calls.Count == 0) return (reply[_sent..], []);
        var sent = reply[.._sent].Trim();
        var content = parse.Content ?? "";
        return (content.StartsWith(sent, StringComparison.Ordinal) ? content[sent.Length..] : "", parse.Calls);
    }
}

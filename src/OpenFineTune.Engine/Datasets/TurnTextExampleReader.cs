using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenFineTune.Engine.Datasets;

/// <summary>
/// <c>{"text": "### User: …\n### Assistant: …"}</c> examples (the SFTTrainer style of the seed tutorial).
/// The text is cut at every line that starts with <c>### User:</c>, <c>### Assistant:</c> or (first only)
/// <c>### System:</c>; each turn is the text up to the next marker, trimmed. Any number of turns in any order,
/// as long as no turn is empty and at least one is an assistant turn (every assistant turn is trained).
/// </summary>
internal static partial class TurnTextExampleReader
{
    [GeneratedRegex(@"^### (System|User|Assistant):", RegexOptions.Multiline)]
    private static partial Regex Marker();

    static readonly string[] Keys = ["text"];

    public static Conversation? Read(JsonElement example, LineProblems problems)
    {
        FlatExampleFields.CheckKeys(example, Keys, "a \"### User:\" text example", problems);
        var text = FlatExampleFields.Read(example, "text", true, false, "", problems);
        var messages = text is null ? null : Split(text, problems);
        if (problems.Any || messages is null) return null;
        return new Conversation(problems.Line, DatasetFormat.TurnText, messages, [], null);
    }

    static List<ConversationMessage>? Split(string text, LineProblems problems)
    {
        var markers = Marker().Matches(text);
        if (markers.Count == 0 || !string.IsNullOrWhiteSpace(text[..markers[0].Index]))
        {
            problems.Add("text", "missing_content", $"must start with \"### User:\" (or \"### System:\"); found {Preview(text)}");
            return null;
        }
        var messages = new List<ConversationMessage>();
        for (int i = 0; i < markers.Count; i++)
        {
            var end = i + 1 < markers.Count ? markers[i + 1].Index : text.Length;
            var content = text[(markers[i].Index + markers[i].Length)..end].Trim();
            var role = markers[i].Groups[1].Value.ToLowerInvariant();
            if (content.Length == 0)
                problems.Add("text", "missing_content", $"turn {i + 1} (\"{markers[i].Value}\") is empty");
            if (role == ChatRoles.System && i > 0)
                problems.Add("text", "unrecognized_role", $"turn {i + 1}: \"### System:\" may only be the first turn");
            messages.Add(ConversationMessage.Text(role, content, "text"));
        }
        if (!messages.Any(m => m.Role == ChatRoles.Assistant))
            problems.Add("text", "example_missing_assistant_message", "no \"### Assistant:\" turn; an example needs an answer to train on");
        return messages;
    }

    static string Preview(string text)
    {
        var start = text.TrimStart();
        return "\"" + (start.Length <= 40 ? start : start[..37] + "...") + "\"";
    }
}

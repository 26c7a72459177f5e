using System.Text.Json;

namespace OpenFineTune.Engine.Datasets;

/// <summary>
/// Validates one line of OpenAI's chat format and normalises it. The checks follow OpenAI's guide and the
/// error classes of its cookbook ("Data preparation and analysis for chat model fine-tuning").
/// </summary>
internal static class ChatExampleReader
{
    static readonly string[] ExampleKeys = ["messages", "tools", "parallel_tool_calls", "functions"];

    public static Conversation? Read(JsonElement example, LineProblems problems)
    {
        foreach (var key in example.EnumerateObject().Select(p => p.Name).Where(k => !ExampleKeys.Contains(k)))
            problems.Add(key, "example_unrecognized_key", $"unrecognized key; a chat example may have {JsonText.List(ExampleKeys)}");
        var messages = ReadMessages(example.GetProperty("messages"), problems);
        var tools = ToolDefinitionReader.ReadTools(example, problems);
        var parallel = ReadParallelToolCalls(example, problems);
        return problems.Any ? null : new Conversation(problems.Line, DatasetFormat.Chat, messages!, tools, parallel);
    }

    static List<ConversationMessage>? ReadMessages(JsonElement messages, LineProblems problems)
    {
        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            problems.Add("messages", "missing_messages_list", $"expected a non-empty array of messages, got {JsonText.Kind(messages)}");
            return null;
        }
        var result = new List<ConversationMessage>();
        var toolCallIds = new HashSet<string>();
        int index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var read = ChatMessageReader.Read(message, $"messages[{index++}]", toolCallIds, problems);
            if (read is not null) result.Add(read);
        }
        if (!messages.EnumerateArray().Any(IsAssistant))
            problems.Add("messages", "example_missing_assistant_message", "no assistant message; an example needs at least one to train on");
        return result;
    }

    static bool IsAssistant(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && JsonText.OptionalString(message, "role") == ChatRoles.Assistant;

    static bool? ReadParallelToolCalls(JsonElement example, LineProblems problems)
    {
        if (!example.TryGetProperty("parallel_tool_calls", out var value)) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        problems.Add("parallel_tool_calls", "data_type", $"expected true or false, got {JsonText.Kind(value)}");
        return null;
    }
}

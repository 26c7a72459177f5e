namespace OpenFineTune.Engine.Datasets;

/// <summary>
/// One training example, normalised to chat messages whatever the file's format, ready for a chat template.
/// </summary>
/// <param name="Line">The 1-based line of the file it came from.</param>
/// <param name="Format">The file's format; a trainer may render <see cref="DatasetFormat.PromptCompletion"/> raw.</param>
/// <param name="Tools">The example's <c>tools</c> (or legacy <c>functions</c>), empty when none.</param>
/// <param name="ParallelToolCalls">The example's <c>parallel_tool_calls</c>, null when not given.</param>
public sealed record Conversation(
    int Line,
    DatasetFormat Format,
    IReadOnlyList<ConversationMessage> Messages,
    IReadOnlyList<ToolDefinition> Tools,
    bool? ParallelToolCalls);

/// <summary>One normalised message.</summary>
/// <param name="Role"><c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c> (legacy <c>function</c> messages become <c>tool</c>).</param>
/// <param name="Content">The text (text parts joined with "\n"); null only for an assistant message that only calls tools.</param>
/// <param name="Weight">1 when the loss applies to this message (assistant messages by default), else 0.</param>
/// <param name="Name">The message's <c>name</c> (for a tool reply from a legacy function, the function's name).</param>
/// <param name="ToolCalls">The assistant's tool calls (a legacy <c>function_call</c> becomes one with an empty id).</param>
/// <param name="ToolCallId">For a tool message, the id of the call it answers.</param>
/// <param name="SourceField">Where the content was in the line (<c>messages[2].content</c>, <c>output</c>), for error messages.</param>
public sealed record ConversationMessage(
    string Role,
    string? Content,
    int Weight,
    string? Name,
    IReadOnlyList<ToolCall> ToolCalls,
    string? ToolCallId,
    string SourceField)
{
    public static ConversationMessage Text(string role, string content, string sourceField) =>
        new(role, content, role == ChatRoles.Assistant ? 1 : 0, null, [], null, sourceField);
}

/// <summary>A call of a function tool; <paramref name="ArgumentsJson"/> is the JSON text as written in the dataset.</summary>
public sealed record ToolCall(string Id, string Name, string ArgumentsJson);

/// <summary>A function tool the example offers; <paramref name="Json"/> is the whole tool object, <c>{"type":"function","function":{…}}</c>.</summary>
public sealed record ToolDefinition(string Name, string? Description, string? ParametersJson, string Json);

/// <summary>The role names of the chat format.</summary>
public static class ChatRoles
{
    public const string System = "system", User = "user", Assistant = "assistant", Tool = "tool", Function = "function";
}

using OpenFineTune.Engine.Templates;

namespace OpenFineTune.Engine.Generation.ToolCalls;

/// <summary>A tool call found in a model's reply: the function's name and its arguments as JSON text.</summary>
public sealed record ParsedToolCall(string Name, string Arguments);

/// <summary>A reply split into its tool calls and the text outside them (null when there is none).</summary>
public sealed record ToolCallParse(IReadOnlyList<ParsedToolCall> Calls, string? Content);

/// <summary>
/// How a model family writes tool calls in its reply, told apart by its chat template: Hermes / Qwen2.5 / Qwen3
/// (<c>&lt;tool_call&gt;{"name","arguments"}&lt;/tool_call&gt;</c>), Mistral (<c>[TOOL_CALLS][{"name","arguments"}]</c>)
/// and Llama 3.1+ (the whole reply is <c>{"name","parameters"}</c>).
/// </summary>
public abstract class ToolCallFormat
{
    public static readonly ToolCallFormat Hermes = new HermesToolCalls();
    public static readonly ToolCallFormat Mistral = new MistralToolCalls();
    public static readonly ToolCallFormat LlamaJson = new LlamaJsonToolCalls();

    public abstract string Name { get; }

    /// <summary>The calls and the remaining text of a complete reply; text that is not a well-formed call stays content.</summary>
    public abstract ToolCallParse Parse(string reply);

    /// <summary>How many characters of a partial reply are content for sure (the rest may still become a tool call).</summary>
    public abstract int SafeContentLength(string partialReply);

    /// <summary>The format a chat request's reply is parsed with: none without tools (or tool_choice "none") or a known template.</summary>
    public static ToolCallFormat? For(GenerationRequest request, ModelChatTemplate? template) =>
        request.Prompt is Prompt.Chat { Tools.Count: > 0 } ? FromTemplate(template?.Source) : null;

    public static ToolCallFormat? FromTemplate(string? template) => template switch
    {
        null => null,
        _ when template.Contains("<tool_call>", StringComparison.Ordinal) => Hermes,
        _ when template.Contains("[TOOL_CALLS]", StringComparison.Ordinal) => Mistral,
        // Llama 3.1/3.2/3.3 ask for {"name": function name, "parameters": dictionary of argument name and its value}.
        _ when template.Contains("<|python_tag|>", StringComparison.Ordinal) || template.Contains("\"parameters\"", StringComparison.Ordinal) => LlamaJson,
        _ => null,
    };

    public override string ToString() => Name;
}

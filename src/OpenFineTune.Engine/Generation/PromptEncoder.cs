using System.Text.Json.Nodes;
using OpenFineTune.Engine.Datasets;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Engine.Templates;

namespace OpenFineTune.Engine.Generation;

/// <summary>
/// Turns a prompt into token ids the way Hugging Face serves it. Chat: the model's own template with
/// add_generation_prompt, bos_token and eos_token, then encoded with special tokens recognised and without a second
/// BOS when the template already wrote one (special tokens as the model's files name them). Text: the tokenizer's defaults (BOS where the model adds one).
/// </summary>
internal static class PromptEncoder
{
    public static IReadOnlyList<int> Encode(Prompt prompt, ServedModel served) => prompt switch
    {
        Prompt.Tokens tokens => CheckedIds(tokens.Ids, served.Base),
        Prompt.Text text => served.Base.Tokenizer.Encode(text.Value),
        Prompt.Chat chat => EncodeChat(Render(chat, served), served.Base),
        _ => throw new ArgumentException($"unknown prompt kind {prompt.GetType().Name}", nameof(prompt)),
    };

    /// <summary>The conversation as the model's chat template writes it, ending with the assistant turn's opening.</summary>
    public static string Render(Prompt.Chat chat, ServedModel served)
    {
        var model = served.Base;
        var template = model.ChatTemplate ?? throw new ChatTemplateMissingException(served.Id);
        var tools = chat.Tools.Count > 0 ? chat.Tools.Select(t => JsonNode.Parse(t.Json)).ToList() : null;
        try
        {
            return template.Render(chat.Messages.Select(ToTemplateMessage), addGenerationPrompt: true, tools);
        }
        catch (TemplateRaisedException e) { throw new ArgumentException($"The model's chat template rejected the messages: {e.Message}", "messages", e); }
        catch (TemplateException e) { throw new ArgumentException($"The model's chat template failed on these messages: {e.Message}", "messages", e); }
    }

    static int[] EncodeChat(string text, LoadedModel model)
    {
        var tokenizer = model.Tokenizer;
        bool templateWroteBos = tokenizer.Specials.Bos is { Length: > 0 } bos && text.StartsWith(bos, StringComparison.Ordinal);
        var body = tokenizer.Encode(text, addSpecialTokens: false, allowSpecialTokens: true);
        return templateWroteBos ? body : [.. tokenizer.PrefixIds, .. body];
    }

    static IReadOnlyList<int> CheckedIds(IReadOnlyList<int> ids, LoadedModel model)
    {
        int vocab = model.Model.Config.VocabSize;
        foreach (var id in ids)
            if (id < 0 || id >= vocab) throw new ArgumentException($"Token id {id} is outside the model's vocabulary (0 to {vocab - 1}).", "prompt");
        return ids;
    }

    // The message shape HF templates read: role, content, and tool fields only when present (plain dictionaries,
    // insertion-ordered, so tojson writes keys as given).
    static Dictionary<string, object?> ToTemplateMessage(ConversationMessage m)
    {
        var message = new Dictionary<string, object?> { ["role"] = m.Role, ["content"] = m.Content };
        if (m.Name is not null) message["name"] = m.Name;
        if (m.ToolCallId is not null) message["tool_call_id"] = m.ToolCallId;
        if (m.ToolCalls.Count > 0)
            message["tool_calls"] = m.ToolCalls.Select(c => new Dictionary<string, object?>
            {
                ["id"] = c.Id, ["type"] = "function",
                ["function"] = new Dictionary<string, object?> { ["name"] = c.Name, ["arguments"] = Arguments(c.ArgumentsJson) },
            }).ToList();
        return message;
    }

    // Templates index into arguments (tool_call.arguments | tojson), so they get the parsed object, as vLLM does.
    static object? Arguments(string json)
    {
        try { return JsonNode.Parse(json); }
        catch (System.Text.Json.JsonException) { return json; }
    }
}

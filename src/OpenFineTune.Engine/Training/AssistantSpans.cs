using OpenFineTune.Engine.Datasets;
using OpenFineTune.Engine.Templates;

namespace OpenFineTune.Engine.Training;

/// <summary>
/// Where each trained assistant message lies in a conversation rendered by its chat template, found by rendering
/// progressively: the text up to the message with the generation prompt, then the text including the message;
/// the difference is what the model must learn to produce (content and end-of-turn token).
/// </summary>
sealed class AssistantSpans(ChatTemplate template, IDictionary<string, object?> variables, IReadOnlyList<string> specialTokens)
{
    /// <summary>The rendered conversation and the character ranges [Start, End) of its weight-1 assistant messages.</summary>
    public (string Text, List<(int Start, int End)> Spans) Find(Conversation conversation)
    {
        var text = Render(conversation, conversation.Messages.Count, false)
            ?? throw new TrainingDataException("invalid_training_file", "training_file",
                $"line {conversation.Line}: the base model's chat template cannot render this conversation");
        var spans = new List<(int, int)>();
        for (int i = 0, searchFrom = 0; i < conversation.Messages.Count; i++)
        {
            var message = conversation.Messages[i];
            if (message.Role != ChatRoles.Assistant || message.Weight == 0) continue;
            var span = ByPrefixes(conversation, i, text) ?? ByContent(conversation, i, text, searchFrom);
            spans.Add(span);
            searchFrom = span.End;
        }
        return (text, spans);
    }

    (int Start, int End)? ByPrefixes(Conversation conversation, int index, string text)
    {
        var prompt = Render(conversation, index, true);
        var upTo = Render(conversation, index + 1, false);
        if (prompt is null || upTo is null || !text.StartsWith(upTo, StringComparison.Ordinal)
            || !upTo.StartsWith(prompt, StringComparison.Ordinal) || upTo.Length == prompt.Length) return null;
        return (prompt.Length, prompt.Length + TrimAfterEndToken(upTo[prompt.Length..]).Length);
    }

    // Templates that rewrite earlier turns (e.g. dropping reasoning) break the prefix rule: find the content instead.
    (int Start, int End) ByContent(Conversation conversation, int index, string text, int searchFrom)
    {
        var content = conversation.Messages[index].Content;
        var at = string.IsNullOrEmpty(content) ? -1 : text.IndexOf(content, searchFrom, StringComparison.Ordinal);
        if (at < 0)
            throw new TrainingDataException("invalid_training_file", "training_file",
                $"line {conversation.Line}, {conversation.Messages[index].SourceField}: the assistant message was not found in the chat template's rendering");
        var end = at + content!.Length;
        var endToken = specialTokens.FirstOrDefault(t => text.AsSpan(end).StartsWith(t, StringComparison.Ordinal));
        return (at, end + (endToken?.Length ?? 0));
    }

    // "…<|im_end|>\n": the newline after the end token is scaffolding the model never generates.
    string TrimAfterEndToken(string span)
    {
        var trimmed = span.TrimEnd();
        return trimmed.Length < span.Length && specialTokens.Any(t => trimmed.EndsWith(t, StringComparison.Ordinal)) ? trimmed : span;
    }

    string? Render(Conversation conversation, int count, bool addGenerationPrompt)
    {
        if (count == 0 && !addGenerationPrompt) return "";
        var extra = new Dictionary<string, object?>(variables) { ["tools"] = TemplateMessages.Tools(conversation) };
        try
        {
            return template.Render(TemplateMessages.Of(conversation.Messages.Take(count)), addGenerationPrompt, extra);
        }
        catch (Exception e) when (IsTemplateError(e) && count < conversation.Messages.Count)
        {
            return null; // a template may refuse a partial conversation (e.g. no user turn yet)
        }
        catch (Exception e) when (IsTemplateError(e))
        {
            throw new TrainingDataException("invalid_training_file", "training_file",
                $"line {conversation.Line}: the base model's chat template rejected this conversation: {e.Message}");
        }
    }

    static bool IsTemplateError(Exception e) => e is TemplateException or TemplateRaisedException;
}

using System.Text;
using OpenFineTune.Engine.Datasets;
using OpenFineTune.Engine.Templates;
using OpenFineTune.Engine.Tokenization;

namespace OpenFineTune.Engine.Training;

/// <summary>
/// Turns a <see cref="Conversation"/> into token ids and a loss mask that is true only on the tokens of weight-1
/// assistant messages (including their end-of-turn token). With a chat template the conversation is rendered as
/// the model will see it when served; a model without one (or a prompt/completion file) trains on plain text:
/// each message's content, "\n" after non-assistant messages (nothing for prompt/completion) and EOS after answers.
/// Examples longer than <paramref name="maxTokens"/> are cut from the end.
/// </summary>
public sealed class SftExampleBuilder(ModelTokenizer tokenizer, ChatTemplate? template, int maxTokens)
{
    readonly AssistantSpans? spans = template is null ? null
        : new AssistantSpans(template, ChatTemplateFiles.SpecialTokenVariables(tokenizer), SpecialTokenTexts(tokenizer));

    /// <summary>Loads the tokenizer and chat template of a model directory.</summary>
    public static SftExampleBuilder ForModel(string modelDirectory, int maxTokens) =>
        new(TokenizerFiles.FromDirectory(modelDirectory), ChatTemplateFiles.Load(modelDirectory), maxTokens);

    public ModelTokenizer Tokenizer => tokenizer;

    public int MaxTokens => maxTokens;

    public SftExample Build(Conversation conversation)
    {
        var (ids, trained) = spans is null || conversation.Format == DatasetFormat.PromptCompletion
            ? PlainText(conversation) : Templated(conversation);
        var kept = Math.Min(ids.Length, maxTokens);
        return new SftExample(conversation.Line, ids[..kept], trained[..kept], ids.Length);
    }

    /// <summary>The text and (special) tokens a file must not contain literally: all special added tokens.</summary>
    public static IReadOnlyList<string> SpecialTokenTexts(ModelTokenizer tokenizer) =>
        tokenizer.AddedTokens.Where(t => t.Special).Select(t => t.Content)
            .Concat(new[] { tokenizer.Specials.Bos, tokenizer.Specials.Eos }.OfType<string>())
            .Where(t => t.Length > 0).Distinct().ToList();

    (int[] Ids, bool[] Trained) Templated(Conversation conversation)
    {
        var (text, assistant) = spans!.Find(conversation);
        // HF tokenizes a rendered chat with add_special_tokens=False: the template writes BOS itself.
        return Tokenize(text, assistant, addSpecialTokens: false);
    }

    // Tokenized as one text (not piece by piece) so SentencePiece and BPE merges see what inference will see.
    (int[] Ids, bool[] Trained) PlainText(Conversation conversation)
    {
        var text = new StringBuilder();
        var trained = new List<(int Start, int End)>();
        var separator = conversation.Format == DatasetFormat.PromptCompletion ? "" : "\n";
        foreach (var message in conversation.Messages)
        {
            var answer = message.Role == ChatRoles.Assistant;
            var start = text.Length;
            text.Append(PlainContent(message)).Append(answer ? tokenizer.Specials.Eos ?? "" : separator);
            if (answer && message.Weight == 1) trained.Add((start, text.Length));
        }
        return Tokenize(text.ToString(), trained, addSpecialTokens: true);
    }

    (int[] Ids, bool[] Trained) Tokenize(string text, IReadOnlyList<(int Start, int End)> trained, bool addSpecialTokens)
    {
        var ids = tokenizer.Encode(text, addSpecialTokens: false);
        var mask = TokenOffsets.Overlapping(tokenizer, ids, text, trained);
        if (!addSpecialTokens) return (ids, mask);
        var (prefix, suffix) = (tokenizer.PrefixIds.ToArray(), tokenizer.SuffixIds.ToArray()); // BOS (and EOS) the model adds itself
        return ([.. prefix, .. ids, .. suffix], [.. prefix.Select(_ => false), .. mask, .. suffix.Select(_ => false)]);
    }

    static string PlainContent(ConversationMessage m) => m.Content
        ?? string.Join("\n", m.ToolCalls.Select(c => $"{{\"name\": \"{c.Name}\", \"arguments\": {c.ArgumentsJson}}}"));
}

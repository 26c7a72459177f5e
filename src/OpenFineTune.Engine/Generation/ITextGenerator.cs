using OpenFineTune.Engine.Datasets;

namespace OpenFineTune.Engine.Generation;

/// <summary>What to continue: a conversation (rendered with the model's chat template), plain text, or token ids.</summary>
public abstract record Prompt
{
    public sealed record Chat(IReadOnlyList<ConversationMessage> Messages, IReadOnlyList<ToolDefinition> Tools) : Prompt;
    public sealed record Text(string Value) : Prompt;
    public sealed record Tokens(IReadOnlyList<int> Ids) : Prompt;
}

/// <summary>
/// A validated generation request in engine terms (the HTTP layer maps OpenAI's fields onto it once).
/// MaxNewTokens null means "until EOS or the context is full". TopLogprobs null means no logprobs at all.
/// Echo (legacy completions) puts the prompt text in front of each choice's deltas; with TopLogprobs it is scored too.
/// </summary>
public sealed record GenerationRequest(
    string Model,
    Prompt Prompt,
    SamplingOptions Sampling,
    int? MaxNewTokens = null,
    IReadOnlyList<string>? Stop = null,
    int N = 1,
    int? TopLogprobs = null,
    bool Echo = false);

/// <summary>
/// One token's log-probability, its UTF-8 bytes, and the best alternatives at that position. Logprob is null only for
/// the first token of an echoed prompt, which has no context to be scored against.
/// </summary>
public sealed record TokenLogprob(string Token, float? Logprob, byte[] Bytes, IReadOnlyList<TokenLogprob> TopLogprobs);

/// <summary>
/// New text for one choice. Text may be empty (e.g. bytes held back until they form UTF-8, or stop-string
/// look-ahead); Tokens counts the tokens generated in this delta; FinishReason ("stop" | "length") is set on the
/// choice's last delta only.
/// </summary>
public sealed record GenerationDelta(int Choice, string Text, int Tokens, IReadOnlyList<TokenLogprob>? Logprobs, string? FinishReason)
{
    /// <summary>The ids of the tokens generated in this delta (EOS included when it ended the choice).</summary>
    public IReadOnlyList<int> TokenIds { get; init; } = [];

    /// <summary>True for the echoed prompt (echo): its logprobs, if any, score the prompt's tokens.</summary>
    public bool IsPrompt { get; init; }
}

/// <summary>A request checked against its model and tokenized; nothing has been generated yet.</summary>
public sealed record PreparedGeneration(GenerationRequest Request, string ModelId, IReadOnlyList<int> PromptIds, int MaxNewTokens, string SystemFingerprint)
{
    /// <summary>How the reply's tool calls are written (from the model's chat template); null when tools were not offered.</summary>
    public ToolCalls.ToolCallFormat? ToolCalls { get; init; }
}

/// <summary>
/// The engine's generation seam. Prepare throws (ModelNotFoundException, ContextLengthExceededException,
/// ChatTemplateMissingException, ArgumentException naming the parameter) before any output is sent, so the
/// HTTP layer can answer with an ordinary error; GenerateAsync then streams deltas and stops when the token
/// is cancelled (client disconnect).
/// </summary>
public interface ITextGenerator
{
    PreparedGeneration Prepare(GenerationRequest request);

    IAsyncEnumerable<GenerationDelta> GenerateAsync(PreparedGeneration prepared, CancellationToken cancellationToken);
}

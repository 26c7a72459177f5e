namespace OpenFineTune.Engine.Generation;

/// <summary>The model id is neither a served base model, an alias, nor a registered adapter.</summary>
public sealed class ModelNotFoundException(string model, IReadOnlyList<string> served)
    : Exception($"The model `{model}` does not exist or you do not have access to it. Served models: {string.Join(", ", served)}. " +
      "To answer to another name (e.g. an OpenAI model your scripts use), start the server with --model-alias NAME=ID.")
{
    public string Model { get; } = model;
}

/// <summary>The prompt (plus at least one new token) does not fit the model's context window.</summary>
public sealed class ContextLengthExceededException(int promptTokens, int maxTokens)
    : Exception($"This model's maximum context length is {maxTokens} tokens. However, your messages resulted in {promptTokens} tokens. Please reduce the length of the messages.")
{
    public int PromptTokens { get; } = promptTokens;
    public int MaxTokens { get; } = maxTokens;
}

/// <summary>Chat was asked of a model whose tokenizer files carry no chat template; it serves /v1/completions only.</summary>
public sealed class ChatTemplateMissingException(string model)
    : Exception($"The model `{model}` has no chat template (tokenizer_config.json `chat_template` or chat_template.jinja), so it cannot serve chat completions; use /v1/completions.")
{
    public string Model { get; } = model;
}

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// What a tokenizer file yields before tokenizer_config.json is applied: the model, its added tokens, and the
/// ids its post-processor puts around a sequence (null when the file has no template; then the config or the
/// family default decides, <paramref name="AddsBosByDefault"/>).
/// </summary>
internal sealed record TokenizerParts(
    ITokenModel Model, IReadOnlyList<AddedToken> AddedTokens,
    int[]? TemplatePrefix, int[]? TemplateSuffix, bool AddsBosByDefault);

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// A token the tokenizer files add on top of the model vocabulary (HF "added_tokens"): matched as a whole
/// before the model runs. <paramref name="Special"/> tokens are control tokens (BOS, ChatML markers) that
/// <c>skipSpecialTokens</c> drops and that user text can be kept from producing.
/// <paramref name="LStrip"/>/<paramref name="RStrip"/> swallow the whitespace beside a match, as HF does.
/// </summary>
public sealed record AddedToken(int Id, string Content, bool Special, bool LStrip = false, bool RStrip = false);

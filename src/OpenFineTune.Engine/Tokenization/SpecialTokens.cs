namespace OpenFineTune.Engine.Tokenization;

/// <summary>The named special tokens of a tokenizer (text and id); a model may lack any of them (Qwen has no BOS).</summary>
public sealed record SpecialTokens(
    string? Bos, int? BosId, string? Eos, int? EosId, string? Pad, int? PadId, string? Unk, int? UnkId);

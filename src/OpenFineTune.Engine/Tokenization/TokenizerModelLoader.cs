namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// A tokenizer.model file: a SentencePiece protobuf (Llama 2, Mistral) or Meta's tiktoken rank file
/// (Llama 3 "original/tokenizer.model", split with Llama 3's regex). SentencePiece control pieces become
/// special added tokens; both kinds add BOS by default, as their HF tokenizers do.
/// </summary>
internal static class TokenizerModelLoader
{
    public static TokenizerParts Load(string path, TokenizerConfig config)
    {
        byte[] data = File.ReadAllBytes(path);
        if (LooksLikeTiktoken(data))
            return new TokenizerParts(new TiktokenModel(data, SplitPatterns.Llama3, path), config.AddedTokens, null, null, true);
        SentencePieceProto proto;
        try { proto = SentencePieceProto.Read(data); }
        catch (InvalidDataException e) { throw new TokenizerLoadException(path, "neither a SentencePiece model nor a tiktoken rank file: " + e.Message, e); }
        if (!proto.IsBpe) throw new TokenizerLoadException(path, "only SentencePiece BPE models are supported (this one is Unigram or another kind)");
        if (proto.RemoveExtraWhitespaces)
            throw new TokenizerLoadException(path, "SentencePiece remove_extra_whitespaces is not supported");
        var model = new SentencePieceBpeModel(proto, TextNormalizer.None,
            proto.AddDummyPrefix ? DummyPrefix.First : DummyPrefix.None, proto.EscapeWhitespaces, proto.AddDummyPrefix);
        return new TokenizerParts(model, ControlPieces(proto).Concat(config.AddedTokens).ToList(), null, null, true);
    }

    static IEnumerable<AddedToken> ControlPieces(SentencePieceProto proto) =>
        proto.Pieces.Select((p, id) => (p, id))
            .Where(x => x.p.Type is PieceType.Control or PieceType.Unknown)
            .Select(x => new AddedToken(x.id, x.p.Piece, Special: true));

    // A tiktoken file is ASCII lines "base64 rank"; a SentencePiece model starts with protobuf field 1 (0x0A).
    static bool LooksLikeTiktoken(byte[] data)
    {
        int end = Array.IndexOf(data, (byte)'\n');
        if (end <= 0 || data[0] == 0x0A) return false;
        var line = System.Text.Encoding.ASCII.GetString(data, 0, end).Trim();
        var parts = line.Split(' ');
        return parts.Length == 2 && int.TryParse(parts[1], out _);
    }
}

using System.Text.Json;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// Turns a SentencePiece-style tokenizer.json (Llama 2 / TinyLlama: vocab, merges, byte_fallback, "▁" for
/// spaces) into a SentencePiece BPE model. SentencePiece merges the pair whose result has
/// the best score; HF's converter wrote the merges in that order, so a piece scores minus the rank of its
/// first merge.
/// </summary>
internal static class SentencePieceJson
{
    const float Unreachable = -1e9f;

    public static SentencePieceBpeModel Build(JsonElement root, Dictionary<string, int> vocab,
        IReadOnlyList<string> merges, IReadOnlyList<AddedToken> added, string path)
    {
        var model = root.GetProperty("model");
        bool byteFallback = TokenizerJsonLoader.Bool(model, "byte_fallback");
        string? unk = model.TryGetProperty("unk_token", out var u) ? u.GetString() : null;
        var proto = new SentencePieceProto(Pieces(vocab, merges, added, byteFallback, unk, path),
            IsBpe: true, byteFallback, AddDummyPrefix: false, RemoveExtraWhitespaces: false, EscapeWhitespaces: false);
        var (prefix, escape) = ReadMetaspace(TokenizerJsonLoader.Get(root, "pre_tokenizer"), path);
        var normalizer = TextNormalizer.FromJson(TokenizerJsonLoader.Get(root, "normalizer"), path);
        return new SentencePieceBpeModel(proto, normalizer, prefix, escape,
            StripsLeadingSpace(TokenizerJsonLoader.Get(root, "decoder")));
    }

    static List<SentencePiece> Pieces(Dictionary<string, int> vocab, IReadOnlyList<string> merges,
        IReadOnlyList<AddedToken> added, bool byteFallback, string? unk, string path)
    {
        var firstRank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int rank = 0; rank < merges.Count; rank++)
            firstRank.TryAdd(merges[rank].Replace(" ", ""), rank);
        var specials = added.Where(a => a.Special).Select(a => a.Id).ToHashSet();
        var byId = new string?[vocab.Count];
        foreach (var (token, id) in vocab)
        {
            if ((uint)id >= (uint)byId.Length) throw new TokenizerLoadException(path, $"vocab ids are not 0..{vocab.Count - 1} (found {id})");
            byId[id] = token;
        }
        return byId.Select((piece, id) =>
        {
            var type = piece == unk ? PieceType.Unknown
                : specials.Contains(id) ? PieceType.Control
                : byteFallback && SentencePieceBpeModel.IsBytePiece(piece!) ? PieceType.Byte
                : PieceType.Normal;
            float score = firstRank.TryGetValue(piece!, out int r) ? -r : piece!.Length == 1 ? 0 : Unreachable;
            return new SentencePiece(piece!, type == PieceType.Normal ? score : 0, type);
        }).ToList();
    }

    /// <summary>A Metaspace pre-tokenizer escapes spaces itself and adds the dummy prefix per its scheme.</summary>
    static (DummyPrefix Prefix, bool Escape) ReadMetaspace(JsonElement pre, string path)
    {
        if (pre.ValueKind != JsonValueKind.Object) return (DummyPrefix.None, false);
        string type = pre.GetProperty("type").GetString() ?? "";
        if (type != "Metaspace") throw new TokenizerLoadException(path, $"pre_tokenizer '{type}' is not supported for a SentencePiece-style BPE");
        string scheme = pre.TryGetProperty("prepend_scheme", out var s) ? s.GetString() ?? "always"
            : TokenizerJsonLoader.Bool(pre, "add_prefix_space") ? "always" : "never";
        return (scheme switch { "first" => DummyPrefix.First, "never" => DummyPrefix.None, _ => DummyPrefix.Always }, true);
    }

    /// <summary>Llama 2's decoder ends with Strip(" ", start 1); a Metaspace decoder drops its own prefix space.</summary>
    static bool StripsLeadingSpace(JsonElement decoder)
    {
        if (decoder.ValueKind != JsonValueKind.Object) return false;
        string type = decoder.GetProperty("type").GetString() ?? "";
        return type switch
        {
            "Sequence" => decoder.GetProperty("decoders").EnumerateArray().Any(StripsLeadingSpace),
            "Strip" => decoder.GetProperty("start").GetInt32() > 0,
            "Metaspace" => !(decoder.TryGetProperty("prepend_scheme", out var s) && s.GetString() == "never"),
            _ => false,
        };
    }
}

using System.Text;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// A model's tokenizer as its Hugging Face files define it: added/special tokens, BOS/EOS, the BPE model
/// (byte-level BPE or tiktoken on Microsoft.ML.Tokenizers, or SentencePiece BPE with byte fallback) and decoding to text.
/// Load one with <see cref="TokenizerFiles.FromDirectory"/>. Thread-safe for concurrent use.
/// </summary>
public sealed class ModelTokenizer
{
    readonly ITokenModel model;
    readonly AddedTokenSplitter splitter;
    readonly Dictionary<int, AddedToken> addedById;
    readonly Dictionary<string, AddedToken> addedByContent;
    readonly int[] prefixIds, suffixIds;

    internal ModelTokenizer(ITokenModel model, IReadOnlyList<AddedToken> addedTokens, SpecialTokens specials, int[] prefixIds, int[] suffixIds)
    {
        this.model = model;
        AddedTokens = addedTokens;
        addedById = addedTokens.ToDictionary(t => t.Id);
        addedByContent = addedTokens.GroupBy(t => t.Content).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        splitter = new AddedTokenSplitter(addedTokens);
        Specials = specials;
        this.prefixIds = prefixIds;
        this.suffixIds = suffixIds;
        VocabSize = Math.Max(model.VocabSize, addedTokens.Count == 0 ? 0 : addedTokens.Max(t => t.Id) + 1);
    }

    /// <summary>Named special tokens (bos/eos/pad/unk) and their ids; any may be absent.</summary>
    public SpecialTokens Specials { get; }

    public int? BosId => Specials.BosId;
    public int? EosId => Specials.EosId;
    public int? PadId => Specials.PadId;
    public int? UnkId => Specials.UnkId;

    /// <summary>Model vocabulary plus added tokens (HF <c>len(tokenizer)</c>); config.json's vocab_size may be larger.</summary>
    public int VocabSize { get; }

    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>The ids put before / after the text when <c>addSpecialTokens</c> is true (e.g. BOS).</summary>
    public IReadOnlyList<int> PrefixIds => prefixIds;
    public IReadOnlyList<int> SuffixIds => suffixIds;

    /// <summary>
    /// Token ids of <paramref name="text"/>. With <paramref name="allowSpecialTokens"/> false, special-token text
    /// in it (e.g. "&lt;|im_start|&gt;" typed by a user) is tokenized as ordinary characters.
    /// </summary>
    public int[] Encode(string text, bool addSpecialTokens = true, bool allowSpecialTokens = true)
    {
        var ids = new List<int>();
        if (addSpecialTokens) ids.AddRange(prefixIds);
        foreach (var piece in splitter.Split(text, allowSpecialTokens))
        {
            if (piece.Token is { } token) ids.Add(token.Id);
            else model.Encode(piece.Text, piece.AtStart, ids);
        }
        if (addSpecialTokens) ids.AddRange(suffixIds);
        return ids.ToArray();
    }

    /// <summary>Text of <paramref name="ids"/>; invalid UTF-8 becomes U+FFFD, as HF's errors="replace".</summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        var bytes = new List<byte>();
        foreach (int id in ids) bytes.AddRange(TokenBytes(id, skipSpecialTokens));
        string text = Encoding.UTF8.GetString(bytes.ToArray());
        return model.StripsLeadingSpace && text.StartsWith(' ') ? text[1..] : text;
    }

    /// <summary>A decoder fed one id at a time that only ever returns whole characters.</summary>
    public StreamingDecoder CreateStreamingDecoder(bool skipSpecialTokens = false) =>
        new(this, skipSpecialTokens, model.StripsLeadingSpace);

    public int? TokenToId(string token) =>
        addedByContent.TryGetValue(token, out var added) ? added.Id : model.TokenToId(token);

    /// <summary>The vocabulary string of an id (byte-level or "▁" spelling), or null for an unknown id.</summary>
    public string? IdToToken(int id) => addedById.TryGetValue(id, out var added) ? added.Content : model.IdToToken(id);

    public bool IsSpecial(int id) => addedById.TryGetValue(id, out var added) && added.Special;

    /// <summary>The bytes <paramref name="id"/> contributes to decoded text (empty for skipped or unknown ids).</summary>
    internal byte[] TokenBytes(int id, bool skipSpecialTokens)
    {
        if (addedById.TryGetValue(id, out var added))
            return skipSpecialTokens && added.Special ? [] : Encoding.UTF8.GetBytes(added.Content);
        return model.TokenBytes(id);
    }
}

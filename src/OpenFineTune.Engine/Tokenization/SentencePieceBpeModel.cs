using System.Text;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>Where the "▁" dummy prefix goes: nowhere, before the input's first text piece only, or before every piece.</summary>
internal enum DummyPrefix { None, First, Always }

/// <summary>
/// SentencePiece BPE with byte fallback (Llama 2, TinyLlama, Mistral). Each piece between added tokens is
/// normalized here (the file's normalizer, spaces → "▁", dummy prefix as the files say), then merged by
/// <see cref="SentencePieceMerger"/>.
/// </summary>
internal sealed class SentencePieceBpeModel : ITokenModel
{
    const char Meta = '\u2581';
    readonly SentencePieceMerger merger;
    readonly TextNormalizer normalizer;
    readonly DummyPrefix dummyPrefix;
    readonly bool escapeSpaces;
    readonly Dictionary<string, int> vocab = new(StringComparer.Ordinal);
    readonly string[] pieces;
    readonly byte[][] bytes;

    public SentencePieceBpeModel(SentencePieceProto proto, TextNormalizer normalizer,
        DummyPrefix dummyPrefix, bool escapeSpaces, bool stripLeadingSpace)
    {
        StripsLeadingSpace = stripLeadingSpace;
        merger = new SentencePieceMerger(proto.Pieces, proto.ByteFallback);
        this.normalizer = normalizer;
        this.dummyPrefix = dummyPrefix;
        this.escapeSpaces = escapeSpaces;
        pieces = proto.Pieces.Select(p => p.Piece).ToArray();
        for (int id = 0; id < pieces.Length; id++) vocab.TryAdd(pieces[id], id);
        bytes = proto.Pieces.Select(PieceBytes).ToArray();
    }

    public int VocabSize => pieces.Length;

    public bool StripsLeadingSpace { get; }

    public void Encode(string text, bool atStart, List<int> ids)
    {
        string normalized = normalizer.Apply(text);
        if (escapeSpaces) normalized = normalized.Replace(' ', Meta);
        if (dummyPrefix == DummyPrefix.Always || (dummyPrefix == DummyPrefix.First && atStart))
            normalized = Meta + normalized;
        if (normalized.Length == 0) return;
        merger.Encode(normalized, ids);
    }

    public byte[] TokenBytes(int id) => (uint)id < (uint)bytes.Length ? bytes[id] : [];

    public string? IdToToken(int id) => (uint)id < (uint)pieces.Length ? pieces[id] : null;

    public int? TokenToId(string token) => vocab.TryGetValue(token, out int id) ? id : null;

    static byte[] PieceBytes(SentencePiece p)
    {
        if (p.Type == PieceType.Byte || IsBytePiece(p.Piece)) return [Convert.ToByte(p.Piece[3..5], 16)];
        if (p.Type is PieceType.Control or PieceType.Unknown) return [];
        return Encoding.UTF8.GetBytes(p.Piece.Replace(Meta, ' '));
    }

    /// <summary>SentencePiece's byte-fallback pieces are spelled "&lt;0xNN&gt;".</summary>
    internal static bool IsBytePiece(string piece) =>
        piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>' && Uri.IsHexDigit(piece[3]) && Uri.IsHexDigit(piece[4]);
}

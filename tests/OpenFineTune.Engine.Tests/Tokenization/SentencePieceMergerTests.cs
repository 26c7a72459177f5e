using OpenFineTune.Engine.Tokenization;

namespace OpenFineTune.Engine.Tests.Tokenization;

/// <summary>SentencePiece BPE rules on a hand-made vocabulary (scores chosen so each rule decides the result).</summary>
public class SentencePieceMergerTests
{
    static SentencePiece P(string piece, float score = 0, PieceType type = PieceType.Normal) => new(piece, score, type);

    static List<SentencePiece> Vocab() =>
    [
        P("<unk>", 0, PieceType.Unknown), P("a"), P("b"), P("ab", -1), P("bb", -2), P("abb", -3), P("<x>", 0, PieceType.UserDefined),
        .. Enumerable.Range(0, 256).Select(b => P($"<0x{b:X2}>", 0, PieceType.Byte)),
    ];

    static int[] Encode(string text)
    {
        var ids = new List<int>();
        new SentencePieceMerger(Vocab(), byteFallback: true).Encode(text, ids);
        return ids.ToArray();
    }

    [Fact]
    public void Best_score_merges_first() =>
        Assert.Equal([3, 4], Encode("abbb"));   // ab(-1) first; then bb(-2) beats the new pair abb(-3)

    [Fact]
    public void Equal_scores_merge_the_leftmost_pair() =>
        Assert.Equal([4, 2], Encode("bbb"));

    [Fact]
    public void Unknown_characters_fall_back_to_bytes() =>
        Assert.Equal([1, 7 + 0xC3, 7 + 0xA9], Encode("aé"));   // byte pieces start at id 7

    [Fact]
    public void User_defined_pieces_stay_whole_and_unmerged() =>
        Assert.Equal([1, 6, 2], Encode("a<x>b"));
}

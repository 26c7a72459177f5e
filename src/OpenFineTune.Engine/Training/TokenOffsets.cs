using System.Text;
using OpenFineTune.Engine.Tokenization;

namespace OpenFineTune.Engine.Training;

/// <summary>Maps tokens back to the UTF-8 byte ranges of the text they came from, by the bytes each token decodes to.</summary>
static class TokenOffsets
{
    /// <summary>For each token, whether its bytes overlap one of the character <paramref name="spans"/> of <paramref name="text"/>.</summary>
    public static bool[] Overlapping(ModelTokenizer tokenizer, int[] ids, string text, IReadOnlyList<(int Start, int End)> spans)
    {
        var byteSpans = spans.Select(s => (Start: ByteOffset(text, s.Start), End: ByteOffset(text, s.End))).ToList();
        var lengths = ids.Select(id => tokenizer.TokenBytes(id, skipSpecialTokens: false).Length).ToArray();
        // SentencePiece adds a leading space that the text does not have; count from where the text begins.
        long position = Encoding.UTF8.GetByteCount(text) - lengths.Sum(l => (long)l);
        var trained = new bool[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            long start = position, end = position + lengths[i];
            trained[i] = byteSpans.Any(s => start < s.End && end > s.Start);
            position = end;
        }
        return trained;
    }

    static int ByteOffset(string text, int charIndex) => Encoding.UTF8.GetByteCount(text.AsSpan(0, charIndex));
}

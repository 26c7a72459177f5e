using System.Text;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// Decodes generated ids one at a time. A character split over several tokens (byte-level BPE, SentencePiece
/// byte fallback) is held back until its last byte arrives, so no broken UTF-8 is ever emitted; the
/// concatenated output equals <see cref="ModelTokenizer.Decode"/> of all ids.
/// </summary>
public sealed class StreamingDecoder
{
    readonly ModelTokenizer tokenizer;
    readonly bool skipSpecialTokens;
    bool stripLeadingSpace;
    readonly List<byte> pending = [];

    internal StreamingDecoder(ModelTokenizer tokenizer, bool skipSpecialTokens, bool stripLeadingSpace)
    {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
        this.stripLeadingSpace = stripLeadingSpace;
    }

    /// <summary>Adds one id; returns the text it completes (often "", never part of a character).</summary>
    public string Push(int id)
    {
        pending.AddRange(tokenizer.TokenBytes(id, skipSpecialTokens));
        return Emit(CompleteLength(pending));
    }

    /// <summary>Returns what is still held back (an unfinished character comes out as U+FFFD).</summary>
    public string Flush() => Emit(pending.Count);

    string Emit(int count)
    {
        if (count == 0) return "";
        string text = Encoding.UTF8.GetString(pending.GetRange(0, count).ToArray());
        pending.RemoveRange(0, count);
        if (stripLeadingSpace && text.Length > 0)
        {
            stripLeadingSpace = false;
            if (text[0] == ' ') text = text[1..];
        }
        return text;
    }

    /// <summary>Length of the prefix that ends on a character boundary: a trailing lead byte still waiting for continuation bytes is held back.</summary>
    internal static int CompleteLength(List<byte> bytes)
    {
        int n = bytes.Count;
        for (int back = 1; back <= Math.Min(3, n); back++)
        {
            byte b = bytes[n - back];
            if ((b & 0xC0) == 0x80) continue;
            int needed = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }
}

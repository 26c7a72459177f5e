namespace OpenFineTune.Engine.Models.BuiltIn;

/// <summary>
/// GPT-2's byte↔unicode table (openai/gpt-2 encoder.py <c>bytes_to_unicode</c>): printable Latin-1 bytes stand for
/// themselves, the other 68 bytes map to U+0100 onwards, so every byte is a visible vocabulary character.
/// Ids follow the table order, as in GPT-2 and Qwen: id 0 is "!" (byte 33).
/// </summary>
public static class ByteLevelAlphabet
{
    /// <summary>Bytes in vocabulary order: <c>BytesInIdOrder[id]</c> is the byte token <c>id</c> stands for.</summary>
    public static IReadOnlyList<byte> BytesInIdOrder { get; } = Build().Bytes;

    /// <summary>The character that stands for each byte, indexed by byte value.</summary>
    public static IReadOnlyList<char> CharOfByte { get; } = Build().Chars;

    static (byte[] Bytes, char[] Chars) Build()
    {
        var printable = Range('!', '~').Concat(Range('¡', '¬')).Concat(Range('®', 'ÿ')).ToList();
        var order = new List<byte>(printable.Select(c => (byte)c));
        var chars = new char[256];
        foreach (var c in printable) chars[c] = (char)c;
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            if (order.Contains((byte)b)) continue;
            order.Add((byte)b);
            chars[b] = (char)next++;
        }
        return (order.ToArray(), chars);
    }

    static IEnumerable<int> Range(char first, char last) => Enumerable.Range(first, last - first + 1);
}

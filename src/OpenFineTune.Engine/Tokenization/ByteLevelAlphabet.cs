using System.Text;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// GPT-2's reversible byte ↔ printable-character table used by every byte-level BPE vocabulary
/// (GPT-2, Llama 3, Qwen2, SmolLM2): printable Latin-1 bytes map to themselves, the other 68 bytes
/// to U+0100 onwards in byte order.
/// </summary>
public static class ByteLevelAlphabet
{
    static readonly char[] byteToChar = BuildTable();
    static readonly Dictionary<char, byte> charToByte =
        Enumerable.Range(0, 256).ToDictionary(b => byteToChar[b], b => (byte)b);

    /// <summary>The character that stands for byte <paramref name="b"/> in vocabulary strings.</summary>
    public static char CharOf(byte b) => byteToChar[b];

    /// <summary>The UTF-8 bytes of <paramref name="text"/> written in the byte-level alphabet.</summary>
    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    /// <summary><paramref name="bytes"/> written in the byte-level alphabet.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) chars[i] = byteToChar[bytes[i]];
        return new string(chars);
    }

    /// <summary>The bytes a vocabulary string stands for, or null when it has a character outside the alphabet.</summary>
    public static byte[]? TryDecode(string token)
    {
        var bytes = new byte[token.Length];
        for (int i = 0; i < token.Length; i++)
        {
            if (!charToByte.TryGetValue(token[i], out bytes[i])) return null;
        }
        return bytes;
    }

    static char[] BuildTable()
    {
        var table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char)b : (char)next++;
        }
        return table;
    }
}

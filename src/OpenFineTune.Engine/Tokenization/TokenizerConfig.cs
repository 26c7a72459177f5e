using System.Text.Json;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// What tokenizer_config.json and special_tokens_map.json say: the named special tokens, whether BOS/EOS
/// are added, and added tokens by id (added_tokens_decoder). Either file may be missing.
/// </summary>
internal sealed record TokenizerConfig(
    string? BosToken, string? EosToken, string? PadToken, string? UnkToken,
    bool? AddBosToken, bool? AddEosToken, string? TokenizerClass, IReadOnlyList<AddedToken> AddedTokens)
{
    public static readonly TokenizerConfig Empty = new(null, null, null, null, null, null, null, []);

    public static TokenizerConfig Load(string directory)
    {
        var config = ReadObject(Path.Combine(directory, "tokenizer_config.json"));
        var map = ReadObject(Path.Combine(directory, "special_tokens_map.json"));
        string? Named(string key) => TokenText(config, key) ?? TokenText(map, key);
        return new TokenizerConfig(Named("bos_token"), Named("eos_token"), Named("pad_token"), Named("unk_token"),
            Flag(config, "add_bos_token"), Flag(config, "add_eos_token"),
            config is { } c && c.TryGetProperty("tokenizer_class", out var cls) ? cls.GetString() : null,
            AddedTokensDecoder(config));
    }

    static JsonElement? ReadObject(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new TokenizerLoadException(path, $"not valid JSON ({e.Message})", e);
        }
    }

    // A special token is written either as its text or as {"content": ...} (AddedToken form).
    static string? TokenText(JsonElement? obj, string key)
    {
        if (obj is not { } o || !o.TryGetProperty(key, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object when v.TryGetProperty("content", out var c) => c.GetString(),
            _ => null,
        };
    }

    static bool? Flag(JsonElement? obj, string key) =>
        obj is { } o && o.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean() : null;

    static List<AddedToken> AddedTokensDecoder(JsonElement? config)
    {
        var tokens = new List<AddedToken>();
        if (config is not { } c || !c.TryGetProperty("added_tokens_decoder", out var decoder)) return tokens;
        foreach (var entry in decoder.EnumerateObject())
            tokens.Add(ReadAddedToken(int.Parse(entry.Name), entry.Value));
        return tokens;
    }

    /// <summary>Reads one HF AddedToken object (also the entries of tokenizer.json's "added_tokens").</summary>
    public static AddedToken ReadAddedToken(int id, JsonElement t)
    {
        bool Bool(string name) => t.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        return new AddedToken(id, t.GetProperty("content").GetString()!, Bool("special"), Bool("lstrip"), Bool("rstrip"));
    }
}

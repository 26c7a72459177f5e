using System.Text.Json;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// Loads a <see cref="ModelTokenizer"/> from a model directory: tokenizer.json if present, else
/// vocab.json + merges.txt, else tokenizer.model (or tokenizer.model.v3); tokenizer_config.json / special_tokens_map.json add the
/// named special tokens, add_bos_token / add_eos_token and added tokens.
/// </summary>
public static class TokenizerFiles
{
    public static ModelTokenizer FromDirectory(string directory)
    {
        if (!Directory.Exists(directory)) throw new TokenizerLoadException(directory, "directory not found");
        var config = TokenizerConfig.Load(directory);
        string json = Path.Combine(directory, "tokenizer.json");
        string vocab = Path.Combine(directory, "vocab.json"), merges = Path.Combine(directory, "merges.txt");
        // Mistral folders may carry only mistral-common's tokenizer.model.v3.
        string model = new[] { "tokenizer.model", "tokenizer.model.v3" }.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists)
            ?? Path.Combine(directory, "tokenizer.model");
        if (File.Exists(json)) return Build(json, () => TokenizerJsonLoader.Load(json), config);
        if (File.Exists(vocab) && File.Exists(merges)) return Build(vocab, () => VocabMergesLoader.Load(vocab, merges, config), config);
        if (File.Exists(model)) return Build(model, () => TokenizerModelLoader.Load(model, config), config);
        throw new TokenizerLoadException(directory, "no tokenizer.json, vocab.json + merges.txt, or tokenizer.model found");
    }

    /// <summary>
    /// Loads one tokenizer file (tokenizer.json, or a SentencePiece / tiktoken model under any name such as
    /// tokenizer.model.v3), with the config files of <paramref name="configDirectory"/> if given.
    /// </summary>
    public static ModelTokenizer FromFile(string path, string? configDirectory = null)
    {
        if (!File.Exists(path)) throw new TokenizerLoadException(path, "file not found");
        var config = configDirectory is null ? TokenizerConfig.Empty : TokenizerConfig.Load(configDirectory);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? Build(path, () => TokenizerJsonLoader.Load(path), config)
            : Build(path, () => TokenizerModelLoader.Load(path, config), config);
    }

    /// <summary>
    /// A tiktoken rank file ("base64 rank" lines) under any name; the file holds no split regex, so the caller
    /// names it (e.g. <see cref="SplitPatterns.Gpt2"/>), together with the special tokens of the model.
    /// </summary>
    public static ModelTokenizer FromTiktokenFile(string path, string splitPattern, IReadOnlyList<AddedToken>? addedTokens = null)
    {
        if (!File.Exists(path)) throw new TokenizerLoadException(path, "file not found");
        var config = TokenizerConfig.Empty with { AddedTokens = addedTokens ?? [] };
        return Build(path, () => new TokenizerParts(new TiktokenModel(File.ReadAllBytes(path), splitPattern, path),
            config.AddedTokens, null, null, AddsBosByDefault: false), config);
    }

    static ModelTokenizer Build(string file, Func<TokenizerParts> load, TokenizerConfig config)
    {
        TokenizerParts parts;
        try { parts = load(); }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or JsonException or FormatException
            or ArgumentException or InvalidDataException or OverflowException or IndexOutOfRangeException)
        {
            throw new TokenizerLoadException(file, $"unexpected content ({e.Message})", e);
        }
        catch (IOException e) { throw new TokenizerLoadException(file, $"cannot be read ({e.Message})", e); }
        return Assemble(parts, config);
    }

    static ModelTokenizer Assemble(TokenizerParts parts, TokenizerConfig config)
    {
        var added = parts.AddedTokens.GroupBy(t => t.Id).Select(g => g.First()).ToList();
        var known = added.Select(t => t.Id).ToHashSet();
        added.AddRange(config.AddedTokens.Where(t => known.Add(t.Id)));
        var probe = new ModelTokenizer(parts.Model, added, new SpecialTokens(null, null, null, null, null, null, null, null), [], []);
        bool spm = parts.AddsBosByDefault && parts.Model is SentencePieceBpeModel;
        string? bos = config.BosToken ?? (spm ? "<s>" : null), eos = config.EosToken ?? (spm ? "</s>" : null);
        string? unk = config.UnkToken ?? (spm ? "<unk>" : null);
        var specials = new SpecialTokens(bos, Id(probe, bos), eos, Id(probe, eos), config.PadToken, Id(probe, config.PadToken), unk, Id(probe, unk));
        int[] prefix = Around(config.AddBosToken, specials.BosId, parts.TemplatePrefix, parts.AddsBosByDefault);
        int[] suffix = Around(config.AddEosToken, specials.EosId, parts.TemplateSuffix, false);
        return new ModelTokenizer(parts.Model, added, specials, prefix, suffix);
    }

    static int? Id(ModelTokenizer t, string? token) => token is null ? null : t.TokenToId(token);

    // tokenizer_config's add_bos_token/add_eos_token win; else the tokenizer.json template; else the family default.
    static int[] Around(bool? configFlag, int? id, int[]? template, bool familyDefault)
    {
        if (configFlag is { } add) return add && id is { } i ? [i] : [];
        if (template is not null) return template;
        return familyDefault && id is { } d ? [d] : [];
    }
}

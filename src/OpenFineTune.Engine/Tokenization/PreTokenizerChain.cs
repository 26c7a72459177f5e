using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// HF pre-tokenizers that cut text into words before BPE: each stage splits every piece further by a
/// regex, keeping both the matches and the text between them (HF "Isolated" behaviour).
/// </summary>
internal sealed class PreTokenizerChain(IReadOnlyList<Regex> stages)
{
    public static PreTokenizerChain Of(params string[] patterns) => new(patterns.Select(SplitPatterns.Compile).ToList());

    public List<string> Split(string text)
    {
        var pieces = new List<string> { text };
        foreach (var regex in stages)
        {
            var next = new List<string>();
            foreach (var piece in pieces) SplitOne(regex, piece, next);
            pieces = next;
        }
        return pieces;
    }

    static void SplitOne(Regex regex, string text, List<string> output)
    {
        int last = 0;
        for (var m = regex.Match(text); m.Success; m = m.NextMatch())
        {
            if (m.Length == 0) continue;
            if (m.Index > last) output.Add(text[last..m.Index]);
            output.Add(m.Value);
            last = m.Index + m.Length;
        }
        if (last < text.Length) output.Add(text[last..]);
    }

    /// <summary>Reads tokenizer.json's "pre_tokenizer" (Sequence, Split, ByteLevel, Digits).</summary>
    public static PreTokenizerChain FromJson(JsonElement node, string file)
    {
        var patterns = new List<string>();
        Collect(node, patterns, file);
        return new PreTokenizerChain(patterns.Select(SplitPatterns.Compile).ToList());
    }

    static void Collect(JsonElement node, List<string> patterns, string file)
    {
        if (node.ValueKind == JsonValueKind.Null) return;
        string type = node.GetProperty("type").GetString() ?? "";
        switch (type)
        {
            case "Sequence":
                foreach (var child in node.GetProperty("pretokenizers").EnumerateArray()) Collect(child, patterns, file);
                break;
            case "Split":
                patterns.Add(SplitRegex(node, file));
                break;
            case "ByteLevel":
                if (!node.TryGetProperty("use_regex", out var useRegex) || useRegex.GetBoolean()) patterns.Add(SplitPatterns.Gpt2);
                if (node.TryGetProperty("add_prefix_space", out var aps) && aps.GetBoolean())
                    throw new TokenizerLoadException(file, "ByteLevel pre-tokenizer with add_prefix_space=true is not supported");
                break;
            case "Digits":
                bool individual = node.TryGetProperty("individual_digits", out var ind) && ind.GetBoolean();
                patterns.Add(individual ? @"\p{N}" : @"\p{N}+");
                break;
            default:
                throw new TokenizerLoadException(file, $"pre_tokenizer type '{type}' is not supported");
        }
    }

    static string SplitRegex(JsonElement node, string file)
    {
        string behavior = node.TryGetProperty("behavior", out var b) ? b.GetString() ?? "" : "";
        bool invert = node.TryGetProperty("invert", out var inv) && inv.GetBoolean();
        if (behavior != "Isolated" || invert)
            throw new TokenizerLoadException(file, $"Split pre-tokenizer with behavior '{behavior}' (invert {invert}) is not supported");
        var pattern = node.GetProperty("pattern");
        if (pattern.TryGetProperty("Regex", out var regex)) return regex.GetString()!;
        return Regex.Escape(pattern.GetProperty("String").GetString()!);
    }
}

using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// HF normalizers applied to each plain-text piece before the model: Unicode forms (Qwen's NFC),
/// Prepend and Replace (Llama 2's "▁" handling), Lowercase. Like HF, every piece between added tokens is
/// normalized on its own, so Prepend adds "▁" after a special token too.
/// </summary>
internal sealed class TextNormalizer(IReadOnlyList<Func<string, string>> steps)
{
    public static readonly TextNormalizer None = new([]);

    public static TextNormalizer Nfc { get; } = new([s => s.Normalize(NormalizationForm.FormC)]);

    public string Apply(string text)
    {
        foreach (var step in steps) text = step(text);
        return text;
    }

    public static TextNormalizer FromJson(JsonElement node, string file)
    {
        var steps = new List<Func<string, string>>();
        Collect(node, steps, file);
        return new TextNormalizer(steps);
    }

    static void Collect(JsonElement node, List<Func<string, string>> steps, string file)
    {
        if (node.ValueKind == JsonValueKind.Null) return;
        string type = node.GetProperty("type").GetString() ?? "";
        switch (type)
        {
            case "Sequence":
                foreach (var child in node.GetProperty("normalizers").EnumerateArray()) Collect(child, steps, file);
                break;
            case "NFC": steps.Add(s => s.Normalize(NormalizationForm.FormC)); break;
            case "NFD": steps.Add(s => s.Normalize(NormalizationForm.FormD)); break;
            case "NFKC": steps.Add(s => s.Normalize(NormalizationForm.FormKC)); break;
            case "NFKD": steps.Add(s => s.Normalize(NormalizationForm.FormKD)); break;
            case "Lowercase": steps.Add(s => s.ToLowerInvariant()); break;
            case "Prepend":
                string prefix = node.GetProperty("prepend").GetString()!;
                steps.Add(s => s.Length == 0 ? s : prefix + s);
                break;
            case "Replace":
                steps.Add(ReplaceStep(node));
                break;
            default:
                throw new TokenizerLoadException(file, $"normalizer type '{type}' is not supported");
        }
    }

    static Func<string, string> ReplaceStep(JsonElement node)
    {
        string content = node.GetProperty("content").GetString()!;
        var pattern = node.GetProperty("pattern");
        if (pattern.TryGetProperty("String", out var literal))
        {
            string from = literal.GetString()!;
            return s => s.Replace(from, content, StringComparison.Ordinal);
        }
        var regex = new Regex(pattern.GetProperty("Regex").GetString()!, RegexOptions.CultureInvariant);
        return s => regex.Replace(s, content);
    }
}

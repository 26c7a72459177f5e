using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Python string behaviours that .NET spells differently (whitespace set, split, title, format).</summary>
static partial class PyStrings
{
    // Python's str.isspace also counts the ASCII information separators \x1c-\x1f.
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    public static string Strip(string s, string? chars, bool left, bool right)
    {
        Func<char, bool> strip = chars is null ? IsSpace : chars.Contains;
        int start = 0, end = s.Length;
        if (left) while (start < end && strip(s[start])) start++;
        if (right) while (end > start && strip(s[end - 1])) end--;
        return s[start..end];
    }

    public static List<object?> Split(string s, string? separator, int maxSplit)
    {
        if (separator is not null)
        {
            if (separator.Length == 0) throw new RenderError("empty separator");
            var parts = maxSplit < 0 ? s.Split(separator) : s.Split(separator, maxSplit + 1);
            return parts.Select(p => (object?)p).ToList();
        }
        var words = new List<object?>();
        var i = 0;
        while (true)
        {
            while (i < s.Length && IsSpace(s[i])) i++;
            if (i >= s.Length) return words;
            if (maxSplit >= 0 && words.Count == maxSplit) { words.Add(s[i..].TrimEnd()); return words; }
            var start = i;
            while (i < s.Length && !IsSpace(s[i])) i++;
            words.Add(s[start..i]);
        }
    }

    /// <summary>Python str.title(): a letter after a non-letter is upper-cased, other letters lower-cased.</summary>
    public static string Title(string s)
    {
        var builder = new StringBuilder(s.Length);
        var previousCased = false;
        foreach (var c in s)
        {
            builder.Append(previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousCased = char.IsLetter(c);
        }
        return builder.ToString();
    }

    /// <summary>Jinja's |title filter: words start after whitespace or one of - ( { [ &lt;.</summary>
    public static string TitleFilter(string s) =>
        string.Concat(WordBoundary().Split(s).Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant()));

    [GeneratedRegex(@"([-\s({\[<]+)")]
    private static partial Regex WordBoundary();

    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    public static string Replace(string s, string old, string replacement, long count)
    {
        if (count < 0) return old.Length == 0 ? InsertEverywhere(s, replacement) : s.Replace(old, replacement, StringComparison.Ordinal);
        var builder = new StringBuilder();
        var at = 0;
        for (var done = 0; done < count && old.Length > 0; done++)
        {
            var next = s.IndexOf(old, at, StringComparison.Ordinal);
            if (next < 0) break;
            builder.Append(s, at, next - at).Append(replacement);
            at = next + old.Length;
        }
        return builder.Append(s, at, s.Length - at).ToString();
    }

    static string InsertEverywhere(string s, string insert) =>
        insert + string.Concat(s.Select(c => c + insert));

    public static int Count(string s, string sub)
    {
        if (sub.Length == 0) return s.Length + 1;
        var count = 0;
        for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>str.format with {}, {0} and {name} fields (no format specs beyond what str() gives).</summary>
    public static string Format(string format, CallArguments args)
    {
        var auto = 0;
        var text = FormatField().Replace(format, m =>
        {
            if (m.Value is "{{" or "}}") return m.Value[..1];
            var field = m.Groups[1].Value;
            object? value = field.Length == 0 ? args.Get(auto++, "\0")
                : int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? args.Get(index, "\0")
                : args.Named.TryGetValue(field, out var named) ? named : throw new RenderError($"KeyError: '{field}'");
            return Values.ToStr(value);
        });
        return text;
    }

    [GeneratedRegex(@"\{\{|\}\}|\{([^{}:!]*)\}")]
    private static partial Regex FormatField();
}

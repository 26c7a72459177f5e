namespace OpenFineTune.Engine.Tokenization;

/// <summary>A piece of input: plain text for the model (Token null) or one added token.</summary>
internal readonly record struct TextPiece(string Text, AddedToken? Token, bool AtStart);

/// <summary>
/// Cuts text at added tokens before the model sees it, as HF's added vocabulary does:
/// leftmost match, longest content first, with lstrip/rstrip eating the whitespace beside it.
/// When specials are not allowed they stay plain text (HF <c>split_special_tokens</c>), so user
/// content cannot smuggle in control tokens.
/// </summary>
internal sealed class AddedTokenSplitter
{
    readonly Dictionary<char, AddedToken[]> byFirstChar;

    public AddedTokenSplitter(IEnumerable<AddedToken> tokens)
    {
        byFirstChar = tokens.Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
    }

    public List<TextPiece> Split(string text, bool allowSpecial)
    {
        var pieces = new List<TextPiece>();
        int textStart = 0, i = 0;
        while (i < text.Length)
        {
            var match = MatchAt(text, i, allowSpecial);
            if (match is null) { i++; continue; }
            int textEnd = i;
            if (match.LStrip) while (textEnd > textStart && char.IsWhiteSpace(text[textEnd - 1])) textEnd--;
            AddText(pieces, text, textStart, textEnd);
            pieces.Add(new TextPiece(match.Content, match, pieces.Count == 0 && textEnd == 0));
            i += match.Content.Length;
            if (match.RStrip) while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            textStart = i;
        }
        AddText(pieces, text, textStart, text.Length);
        return pieces;
    }

    static void AddText(List<TextPiece> pieces, string text, int start, int end)
    {
        if (end > start) pieces.Add(new TextPiece(text[start..end], null, start == 0));
    }

    AddedToken? MatchAt(string text, int index, bool allowSpecial)
    {
        if (!byFirstChar.TryGetValue(text[index], out var candidates)) return null;
        foreach (var token in candidates)
        {
            if (token.Special && !allowSpecial) continue;
            if (string.CompareOrdinal(text, index, token.Content, 0, token.Content.Length) == 0) return token;
        }
        return null;
    }
}

using System.Text.RegularExpressions;

namespace OpenFineTune.Engine.Templates.Syntax;

/// <summary>Splits a template into text and tag tokens with Hugging Face's settings (trim_blocks and
/// lstrip_blocks on), following Jinja2's lexer: '-' strips all whitespace on its side, '+' keeps it,
/// lstrip removes indentation before {% and {# when it is alone on its line, trim removes one newline after %} and #}.</summary>
sealed partial class Lexer(SourceText source)
{
    readonly string _text = source.Text;
    readonly List<Token> _tokens = [];
    int _pos;
    bool _lineStarting = true;

    public static List<Token> Tokenize(SourceText source) => new Lexer(source).Run();

    List<Token> Run()
    {
        while (_pos < _text.Length)
        {
            var open = NextTagStart(_pos);
            if (open < 0) { AddData(_text[_pos..], _pos); break; }
            var kind = _text[open + 1];
            var sign = open + 2 < _text.Length && _text[open + 2] is '-' or '+' ? _text[open + 2] : '\0';
            AddData(StripBeforeTag(_text[_pos..open], kind, sign), _pos);
            _pos = open + 2 + (sign == '\0' ? 0 : 1);
            if (kind == '#') SkipComment(open);
            else if (kind == '%' && RawBegin().Match(_text, _pos) is { Success: true } raw) LexRaw(open, raw);
            else LexTag(kind == '{', open);
        }
        _tokens.Add(new Token(TokenKind.End, "", _text.Length));
        return _tokens;
    }

    int NextTagStart(int from)
    {
        for (var i = _text.IndexOf('{', from); i >= 0 && i + 1 < _text.Length; i = _text.IndexOf('{', i + 1))
            if (_text[i + 1] is '{' or '%' or '#') return i;
        return -1;
    }

    string StripBeforeTag(string text, char kind, char sign)
    {
        if (sign == '-') return text.TrimEnd();
        if (sign == '+' || kind == '{') return text;
        var lineStart = text.LastIndexOf('\n') + 1;
        var tail = text.AsSpan(lineStart);
        if ((lineStart > 0 || _lineStarting) && tail.Length > 0 && tail.IsWhiteSpace()) return text[..lineStart];
        return text;
    }

    void AddData(string text, int position)
    {
        if (text.Length > 0) _tokens.Add(new Token(TokenKind.Data, text, position));
    }

    void SkipComment(int open)
    {
        var close = _text.IndexOf("#}", _pos, StringComparison.Ordinal);
        if (close < 0) throw source.Error(open, "missing end of comment tag '#}'");
        var sign = close > _pos ? _text[close - 1] : '\0';
        _pos = close + 2;
        FinishTag(sign, trimNewline: true);
    }

    void LexTag(bool isVariable, int open)
    {
        _tokens.Add(new Token(isVariable ? TokenKind.VariableBegin : TokenKind.BlockBegin, _text[open.._pos], open));
        var close = isVariable ? "}}" : "%}";
        var expression = new ExpressionLexer(source, _pos);
        while (true)
        {
            if (expression.Depth == 0 && TryTagEnd(close, out var endStart, out var sign))
            {
                _tokens.Add(new Token(isVariable ? TokenKind.VariableEnd : TokenKind.BlockEnd, close, endStart));
                FinishTag(sign, trimNewline: !isVariable);
                return;
            }
            var token = expression.Next(_pos) ?? throw source.Error(open, $"missing end of tag '{close}'");
            _tokens.Add(token);
            _pos = expression.Position;
        }
    }

    bool TryTagEnd(string close, out int start, out char sign)
    {
        var p = _pos;
        while (p < _text.Length && char.IsWhiteSpace(_text[p])) p++;
        start = p;
        sign = p < _text.Length && _text[p] is '-' or '+' ? _text[p] : '\0';
        var at = sign == '\0' ? p : p + 1;
        if (sign == '+' && close == "}}") return false;
        if (string.CompareOrdinal(_text, at, close, 0, 2) != 0) return false;
        _pos = at + 2;
        return true;
    }

    // {% raw %}...{% endraw %}: the text between is data, tags inside it included.
    void LexRaw(int open, Match begin)
    {
        _pos = begin.Index + begin.Length;
        if (begin.Groups[1].Value == "-") while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
        _lineStarting = _pos > 0 && _text[_pos - 1] == '\n';
        var end = RawEnd().Match(_text, _pos);
        if (!end.Success) throw source.Error(open, "missing {% endraw %} for {% raw %}");
        var sign = end.Groups[1].Value is { Length: 1 } s ? s[0] : '\0';
        AddData(StripBeforeTag(_text[_pos..end.Index], '%', sign), _pos);
        _pos = end.Index + end.Length;
        FinishTag(end.Groups[2].Value is { Length: 1 } t ? t[0] : '\0', trimNewline: true);
    }

    [GeneratedRegex(@"\G\s*raw\s*(-?)%\}")]
    private static partial Regex RawBegin();

    [GeneratedRegex(@"\{%([-+]?)\s*endraw\s*([-+]?)%\}")]
    private static partial Regex RawEnd();

    void FinishTag(char sign, bool trimNewline)
    {
        if (sign == '-') while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
        else if (sign != '+' && trimNewline && _pos < _text.Length && _text[_pos] == '\n') _pos++;
        _lineStarting = _pos > 0 && _text[_pos - 1] == '\n';
    }
}

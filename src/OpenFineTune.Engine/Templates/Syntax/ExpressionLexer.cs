using System.Globalization;
using System.Text;

namespace OpenFineTune.Engine.Templates.Syntax;

/// <summary>Reads names, numbers, strings and operators inside a tag, tracking bracket depth so that
/// '}}' inside a dict literal is not taken for the tag's end.</summary>
sealed class ExpressionLexer(SourceText source, int position)
{
    static readonly string[] Operators =
        ["//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}", ".", ":", ",", "|", ";"];

    readonly string _text = source.Text;
    readonly Stack<char> _brackets = new();

    public int Position { get; private set; } = position;

    public int Depth => _brackets.Count;

    /// <summary>The next token from <paramref name="from"/>, or null at the end of the source.</summary>
    public Token? Next(int from)
    {
        Position = from;
        while (Position < _text.Length && char.IsWhiteSpace(_text[Position])) Position++;
        if (Position >= _text.Length) return null;
        var c = _text[Position];
        if (char.IsDigit(c)) return Number();
        if (char.IsLetter(c) || c == '_') return Name();
        if (c is '\'' or '"') return StringLiteral(c);
        return Operator();
    }

    Token Name()
    {
        var start = Position;
        while (Position < _text.Length && (char.IsLetterOrDigit(_text[Position]) || _text[Position] == '_')) Position++;
        return new Token(TokenKind.Name, _text[start..Position], start);
    }

    Token Number()
    {
        var start = Position;
        SkipDigits();
        var afterDot = start > 0 && _text[start - 1] == '.';
        var isFloat = false;
        if (!afterDot && Position + 1 < _text.Length && _text[Position] == '.' && char.IsDigit(_text[Position + 1]))
        {
            Position++; SkipDigits(); isFloat = true;
        }
        if (!afterDot && Position < _text.Length && _text[Position] is 'e' or 'E' && ExponentFollows())
        {
            Position++;
            if (_text[Position] is '+' or '-') Position++;
            SkipDigits(); isFloat = true;
        }
        var digits = _text[start..Position].Replace("_", "");
        return isFloat
            ? new Token(TokenKind.Float, digits, start, double.Parse(digits, CultureInfo.InvariantCulture))
            : new Token(TokenKind.Integer, digits, start, long.Parse(digits, CultureInfo.InvariantCulture));
    }

    bool ExponentFollows()
    {
        var p = Position + 1;
        if (p < _text.Length && _text[p] is '+' or '-') p++;
        return p < _text.Length && char.IsDigit(_text[p]);
    }

    void SkipDigits()
    {
        while (Position < _text.Length && (char.IsDigit(_text[Position]) || _text[Position] == '_')) Position++;
    }

    Token StringLiteral(char quote)
    {
        var start = Position++;
        var value = new StringBuilder();
        while (Position < _text.Length && _text[Position] != quote)
        {
            if (_text[Position] == '\\' && Position + 1 < _text.Length) Escape(value);
            else value.Append(_text[Position++]);
        }
        if (Position >= _text.Length) throw source.Error(start, "unterminated string literal");
        Position++;
        return new Token(TokenKind.String, _text[start..Position], start, value.ToString());
    }

    // Python string escapes; an unknown escape keeps its backslash, as Python does.
    void Escape(StringBuilder value)
    {
        var e = _text[Position + 1];
        Position += 2;
        switch (e)
        {
            case 'n': value.Append('\n'); break;
            case 't': value.Append('\t'); break;
            case 'r': value.Append('\r'); break;
            case '0': value.Append('\0'); break;
            case '\\' or '\'' or '"': value.Append(e); break;
            case '\n': break;
            case 'x': value.Append(HexChar(2)); break;
            case 'u': value.Append(HexChar(4)); break;
            case 'U': value.Append(char.ConvertFromUtf32(int.Parse(HexDigits(8), NumberStyles.HexNumber))); break;
            default: value.Append('\\').Append(e); break;
        }
    }

    char HexChar(int count) => (char)int.Parse(HexDigits(count), NumberStyles.HexNumber);

    string HexDigits(int count)
    {
        if (Position + count > _text.Length) throw source.Error(Position, "truncated \\x/\\u escape in string");
        var digits = _text.Substring(Position, count);
        Position += count;
        return digits;
    }

    Token Operator()
    {
        var start = Position;
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(_text, Position, op, 0, op.Length) != 0) continue;
            Position += op.Length;
            TrackBrackets(op, start);
            return new Token(TokenKind.Operator, op, start);
        }
        throw source.Error(start, $"unexpected character '{_text[start]}'");
    }

    void TrackBrackets(string op, int at)
    {
        if (op is "(" or "[" or "{") { _brackets.Push(op switch { "(" => ')', "[" => ']', _ => '}' }); return; }
        if (op is not (")" or "]" or "}")) return;
        if (_brackets.Count == 0) throw source.Error(at, $"unexpected '{op}'");
        var expected = _brackets.Pop();
        if (expected != op[0]) throw source.Error(at, $"unexpected '{op}', expected '{expected}'");
    }
}

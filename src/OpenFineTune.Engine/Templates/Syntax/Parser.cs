namespace OpenFineTune.Engine.Templates.Syntax;

/// <summary>Builds the statement tree from tokens. Each block statement parses its body until one of the
/// end tags it accepts, so a missing {% endif %} names the tag that was expected.</summary>
sealed partial class Parser
{
    readonly SourceText _source;
    readonly List<Token> _tokens;
    int _index;

    Parser(SourceText source)
    {
        _source = source;
        _tokens = Lexer.Tokenize(source);
    }

    public static List<Node> Parse(SourceText source)
    {
        var parser = new Parser(source);
        var body = parser.Body([], out _);
        return body;
    }

    Token Current => _tokens[_index];

    Token Peek(int ahead = 1) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    Token Advance() => _tokens[_index++];

    TemplateException Error(Token at, string reason) => _source.Error(at.Position, reason);

    Token Expect(TokenKind kind, string? text, string what)
    {
        if (Current.Kind == kind && (text is null || Current.Text == text)) return Advance();
        throw Error(Current, $"expected {what}, got {Current.Describe()}");
    }

    string ExpectName(string what) => Expect(TokenKind.Name, null, what).Text;

    /// <summary>Statements up to a block tag named in <paramref name="ends"/>; returns with that name consumed.</summary>
    List<Node> Body(string[] ends, out string endTag)
    {
        var nodes = new List<Node>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.End when ends.Length == 0:
                    endTag = ""; return nodes;
                case TokenKind.End:
                    throw Error(token, $"unexpected end of template, expected {string.Join(" or ", ends.Select(e => $"'{e}'"))}");
                case TokenKind.Data:
                    nodes.Add(new TextNode(token.Position, Advance().Text)); break;
                case TokenKind.VariableBegin:
                    Advance();
                    nodes.Add(new OutputNode(token.Position, Expression()));
                    Expect(TokenKind.VariableEnd, null, "'}}'");
                    break;
                case TokenKind.BlockBegin:
                    Advance();
                    var name = Current;
                    if (name.Kind == TokenKind.Name && ends.Contains(name.Text)) { Advance(); endTag = name.Text; return nodes; }
                    nodes.Add(Statement());
                    break;
                default:
                    throw Error(token, $"unexpected {token.Describe()}");
            }
        }
    }

    void EndBlock() => Expect(TokenKind.BlockEnd, null, "'%}'");
}

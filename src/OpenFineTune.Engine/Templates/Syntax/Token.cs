namespace OpenFineTune.Engine.Templates.Syntax;

enum TokenKind { Data, VariableBegin, VariableEnd, BlockBegin, BlockEnd, Name, String, Integer, Float, Operator, End }

/// <summary>One lexeme; Position indexes the normalised source so errors can name line and column.</summary>
readonly record struct Token(TokenKind Kind, string Text, int Position, object? Value = null)
{
    public bool Is(TokenKind kind, string text) => Kind == kind && Text == text;

    public bool IsName(string name) => Is(TokenKind.Name, name);

    public bool IsOperator(string op) => Is(TokenKind.Operator, op);

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of template",
        TokenKind.BlockEnd => "end of statement block '%}'",
        TokenKind.VariableEnd => "end of print statement '}}'",
        TokenKind.Data => "template text",
        _ => $"'{Text}'",
    };
}

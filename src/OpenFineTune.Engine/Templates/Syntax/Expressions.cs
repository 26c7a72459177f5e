namespace OpenFineTune.Engine.Templates.Syntax;

/// <summary>Expression tree; Position is the source offset used in error messages.</summary>
abstract record Expr(int Position);

sealed record Literal(int Position, object? Value) : Expr(Position);

sealed record NameRef(int Position, string Name) : Expr(Position);

sealed record GetAttr(int Position, Expr Target, string Name) : Expr(Position);

sealed record GetItem(int Position, Expr Target, Expr Index) : Expr(Position);

sealed record Slice(int Position, Expr Target, Expr? Start, Expr? Stop, Expr? Step) : Expr(Position);

/// <summary>Call arguments; Star and DoubleStar are `*sequence` and `**mapping` spread into the call.</summary>
sealed record Arguments(List<Expr> Positional, List<KeyValuePair<string, Expr>> Named, Expr? Star = null, Expr? DoubleStar = null)
{
    public static Arguments None { get; } = new([], []);
}

sealed record Call(int Position, Expr Callee, Arguments Args) : Expr(Position);

/// <summary>`target | name(args)`; Target is null inside a {% filter %} block, where the body is the input.</summary>
sealed record FilterCall(int Position, Expr? Target, string Name, Arguments Args) : Expr(Position);

sealed record TestCall(int Position, Expr Target, string Name, Arguments Args, bool Negated) : Expr(Position);

sealed record Unary(int Position, string Operator, Expr Operand) : Expr(Position);

sealed record Binary(int Position, string Operator, Expr Left, Expr Right) : Expr(Position);

sealed record Compare(int Position, Expr First, List<KeyValuePair<string, Expr>> Rest) : Expr(Position);

sealed record Conditional(int Position, Expr Test, Expr Then, Expr? Else) : Expr(Position);

sealed record ListLiteral(int Position, List<Expr> Items) : Expr(Position);

sealed record TupleLiteral(int Position, List<Expr> Items) : Expr(Position);

sealed record DictLiteral(int Position, List<KeyValuePair<Expr, Expr>> Items) : Expr(Position);

namespace OpenFineTune.Engine.Templates.Syntax;

/// <summary>Template statement tree.</summary>
abstract record Node(int Position);

sealed record TextNode(int Position, string Text) : Node(Position);

sealed record OutputNode(int Position, Expr Value) : Node(Position);

sealed record IfNode(int Position, List<KeyValuePair<Expr, List<Node>>> Branches, List<Node> Else) : Node(Position);

/// <summary>`for targets in iterable [if filter]`; one target binds the item, several unpack it.</summary>
sealed record ForNode(int Position, List<string> Targets, Expr Iterable, Expr? Filter, List<Node> Body, List<Node> Else)
    : Node(Position);

/// <summary>`set target = value` where target is a name, names to unpack, or `namespace.attribute`.</summary>
sealed record SetNode(int Position, Expr Target, Expr Value) : Node(Position);

sealed record SetBlockNode(int Position, string Name, List<Node> Body) : Node(Position);

sealed record Parameter(string Name, Expr? Default);

sealed record MacroNode(int Position, string Name, List<Parameter> Parameters, List<Node> Body) : Node(Position);

sealed record CallBlockNode(int Position, Call Call, List<Parameter> CallerParameters, List<Node> Body) : Node(Position);

sealed record FilterBlockNode(int Position, Expr Filter, List<Node> Body) : Node(Position);

sealed record BreakNode(int Position) : Node(Position);

sealed record ContinueNode(int Position) : Node(Position);

/// <summary>A group of statements rendered in place (HF's {% generation %} marker renders its body).</summary>
sealed record BlockNode(int Position, List<Node> Body) : Node(Position);

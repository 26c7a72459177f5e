using System.Text;
using OpenFineTune.Engine.Templates.Syntax;

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Executes statements, writing output; expressions are in Evaluator.cs.</summary>
sealed partial class Renderer(SourceText source)
{
    enum Flow { Normal, Break, Continue }

    public string Render(List<Node> nodes, Scope scope)
    {
        var output = new StringBuilder();
        Execute(nodes, scope, output);
        return output.ToString();
    }

    Flow Execute(List<Node> nodes, Scope scope, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            var flow = Execute(node, scope, output);
            if (flow != Flow.Normal) return flow;
        }
        return Flow.Normal;
    }

    Flow Execute(Node node, Scope scope, StringBuilder output)
    {
        switch (node)
        {
            case TextNode text: output.Append(text.Text); break;
            case OutputNode print: output.Append(Values.ToStr(Eval(print.Value, scope))); break;
            case IfNode branch: return If(branch, scope, output);
            case ForNode loop: For(loop, scope, output); break;
            case SetNode set: Assign(set.Target, Eval(set.Value, scope), scope); break;
            case SetBlockNode block: scope.Set(block.Name, Capture(block.Body, new Scope(scope))); break;
            case MacroNode macro: scope.Set(macro.Name, Macro(macro.Name, macro.Parameters, macro.Body, scope, null)); break;
            case CallBlockNode call: output.Append(Values.ToStr(CallBlock(call, scope))); break;
            case FilterBlockNode filter: output.Append(Values.ToStr(FilterBlock(filter, scope))); break;
            case BlockNode block: return Execute(block.Body, scope, output);
            case BreakNode: return Flow.Break;
            case ContinueNode: return Flow.Continue;
        }
        return Flow.Normal;
    }

    Flow If(IfNode node, Scope scope, StringBuilder output)
    {
        foreach (var (condition, body) in node.Branches)
            if (Values.IsTrue(Eval(condition, scope))) return Execute(body, scope, output);
        return Execute(node.Else, scope, output);
    }

    // Each iteration gets a fresh scope: a `set` in the body lasts until the end of that iteration, as in Jinja.
    void For(ForNode node, Scope scope, StringBuilder output)
    {
        var items = Values.Iterate(Wrap(node.Iterable.Position, () => Eval(node.Iterable, scope)));
        if (node.Filter is not null)
            items = items.Where(item => { var s = new Scope(scope); Bind(node, item, s); return Values.IsTrue(Eval(node.Filter, s)); }).ToList();
        if (items.Count == 0) { Execute(node.Else, scope, output); return; }
        var loop = new LoopInfo(items);
        for (var i = 0; i < items.Count; i++)
        {
            var iteration = new Scope(scope);
            iteration.Set("loop", loop);
            loop.Index0 = i;
            Bind(node, items[i], iteration);
            if (Execute(node.Body, iteration, output) == Flow.Break) break;
        }
    }

    void Bind(ForNode node, object? item, Scope scope)
    {
        if (node.Targets.Count == 1) { scope.Set(node.Targets[0], item); return; }
        var parts = Wrap(node.Position, () => Unpack(item, node.Targets.Count));
        for (var i = 0; i < parts.Count; i++) scope.Set(node.Targets[i], parts[i]);
    }

    static List<object?> Unpack(object? item, int count)
    {
        var parts = Values.Iterate(item);
        if (parts.Count != count) throw new RenderError($"cannot unpack {parts.Count} values into {count} variables");
        return parts;
    }

    void Assign(Expr target, object? value, Scope scope)
    {
        switch (target)
        {
            case NameRef name: scope.Set(name.Name, value); break;
            case TupleLiteral names:
                var parts = Wrap(target.Position, () => Unpack(value, names.Items.Count));
                for (var i = 0; i < parts.Count; i++) scope.Set(((NameRef)names.Items[i]).Name, parts[i]);
                break;
            case GetAttr { Target: NameRef owner } attribute:
                if (Eval(owner, scope) is not Namespace ns)
                    throw source.Error(target.Position, $"cannot assign attribute '{attribute.Name}' on '{owner.Name}': it is not a namespace()");
                ns.Attributes[attribute.Name] = value;
                break;
        }
    }

    string Capture(List<Node> body, Scope scope)
    {
        var output = new StringBuilder();
        Execute(body, scope, output);
        return output.ToString();
    }
}

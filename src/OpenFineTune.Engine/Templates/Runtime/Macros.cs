using OpenFineTune.Engine.Templates.Syntax;

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Macros, {% call %} blocks and {% filter %} blocks.</summary>
sealed partial class Renderer
{
    // A template that recurses without end must fail with a message, not overflow the process stack.
    const int MaxMacroDepth = 100;
    int _macroDepth;

    Callable Macro(string name, List<Parameter> parameters, List<Node> body, Scope closure, Callable? caller) =>
        new(name, args =>
        {
            if (_macroDepth >= MaxMacroDepth) throw new RenderError($"macro '{name}' nested more than {MaxMacroDepth} calls deep");
            _macroDepth++;
            try { return RunMacro(name, parameters, body, closure, caller, args); }
            finally { _macroDepth--; }
        });

    string RunMacro(string name, List<Parameter> parameters, List<Node> body, Scope closure, Callable? caller, CallArguments args)
    {
        var scope = new Scope(closure);
        if (args.Positional.Count > parameters.Count)
            throw new RenderError($"macro '{name}' takes not more than {parameters.Count} argument(s)");
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            scope.Set(parameter.Name, args.Has(i, parameter.Name) ? args.Get(i, parameter.Name)
                : parameter.Default is null ? Undefined.Name(parameter.Name) : Eval(parameter.Default, scope));
        }
        foreach (var key in args.Named.Keys.Where(k => parameters.All(p => p.Name != k)))
        {
            if (key != "caller") throw new RenderError($"macro '{name}' takes no keyword argument '{key}'");
            scope.Set("caller", args.Named[key]);
        }
        if (caller is not null) scope.Set("caller", caller);
        return Capture(body, scope);
    }

    object? CallBlock(CallBlockNode node, Scope scope)
    {
        var caller = Macro("caller", node.CallerParameters, node.Body, scope, null);
        var args = Arguments(node.Call.Args, scope);
        args.Named["caller"] = caller;
        return Wrap(node.Position, () => Invoke(Eval(node.Call.Callee, scope), args));
    }

    object? FilterBlock(FilterBlockNode node, Scope scope)
    {
        var input = Capture(node.Body, new Scope(scope));
        return Wrap(node.Position, () => ApplyChain(node.Filter, input, scope));
    }

    object? ApplyChain(Expr filter, object? input, Scope scope)
    {
        var call = (FilterCall)filter;
        var value = call.Target is null ? input : ApplyChain(call.Target, input, scope);
        return Filters.Apply(call.Name, value, Arguments(call.Args, scope));
    }
}

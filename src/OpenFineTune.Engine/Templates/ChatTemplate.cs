using OpenFineTune.Engine.Templates.Runtime;
using OpenFineTune.Engine.Templates.Syntax;

namespace OpenFineTune.Engine.Templates;

/// <summary>A model's Jinja chat template, parsed once and rendered per conversation exactly as Hugging Face's
/// apply_chat_template(tokenize=False) does (trim_blocks, lstrip_blocks, tojson without HTML escaping, raise_exception,
/// strftime_now, loop controls, {% generation %}).</summary>
public sealed class ChatTemplate
{
    readonly SourceText _source;
    readonly List<Node> _body;
    readonly TimeProvider _clock;

    ChatTemplate(SourceText source, List<Node> body, TimeProvider clock)
    {
        _source = source;
        _body = body;
        _clock = clock;
    }

    /// <summary>Parses <paramref name="source"/>; a syntax error is a <see cref="TemplateException"/> naming line and column.
    /// <paramref name="clock"/> feeds strftime_now (local time, as transformers uses datetime.now()).</summary>
    public static ChatTemplate Parse(string source, TimeProvider? clock = null)
    {
        var text = new SourceText(source);
        return new ChatTemplate(text, Parser.Parse(text), clock ?? TimeProvider.System);
    }

    /// <summary>Renders a conversation. Messages and extra values may be System.Text.Json nodes or elements,
    /// dictionaries, lists, or plain objects. <paramref name="extra"/> carries bos_token, eos_token, tools, and any
    /// template keyword (e.g. date_string, enable_thinking); tools and documents default to none, as in transformers.</summary>
    /// <exception cref="TemplateRaisedException">the template called raise_exception (message is the template's).</exception>
    /// <exception cref="TemplateException">the template failed at a line and column (e.g. an undefined value used).</exception>
    public string Render(IEnumerable<object?> messages, bool addGenerationPrompt, IDictionary<string, object?>? extra = null)
    {
        var variables = new Dictionary<string, object?> { ["tools"] = null, ["documents"] = null };
        if (extra is not null) foreach (var (key, value) in extra) variables[key] = value;
        variables["messages"] = messages.ToList();
        variables["add_generation_prompt"] = addGenerationPrompt;
        return RenderVariables(variables);
    }

    /// <summary>Renders with exactly the given top-level variables (plus the globals every template sees).</summary>
    public string RenderVariables(IDictionary<string, object?> variables)
    {
        var globals = new Scope(null);
        Globals.AddTo(globals, _clock);
        var scope = new Scope(globals);
        foreach (var (key, value) in variables) scope.Set(key, ValueConverter.From(value));
        return new Renderer(_source).Render(_body, scope);
    }
}

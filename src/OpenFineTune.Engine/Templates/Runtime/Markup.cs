namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>MarkupSafe's Markup, which |safe and |escape return. It matters even with autoescape off: `str + Markup`
/// HTML-escapes the plain operand, and Hugging Face output shows it (e.g. a template doing `'...' + args|tojson|safe`).</summary>
sealed record Markup(string Text)
{
    public static string Escape(string s) =>
        s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&#34;").Replace("'", "&#39;");

    public static object? Plain(object? value) => value is Markup m ? m.Text : value;

    public static Markup Concat(object? left, object? right) =>
        new(Part(left) + Part(right));

    static string Part(object? value) => value is Markup m ? m.Text : Escape(Values.ToStr(value));
}

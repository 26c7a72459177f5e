namespace OpenFineTune.Engine.Templates.Syntax;

/// <summary>The template source as Jinja sees it: newlines normalised to \n and one trailing newline dropped
/// (keep_trailing_newline=False), with a map from offsets to line/column for error messages.</summary>
sealed class SourceText
{
    readonly List<int> _lineStarts = [0];

    public string Text { get; }

    public SourceText(string source)
    {
        var text = source.Replace("\r\n", "\n").Replace('\r', '\n');
        if (text.EndsWith('\n')) text = text[..^1];
        Text = text;
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n') _lineStarts.Add(i + 1);
    }

    public (int Line, int Column) LineColumn(int position)
    {
        var index = _lineStarts.BinarySearch(position);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, position - _lineStarts[line] + 1);
    }

    public TemplateException Error(int position, string reason)
    {
        var (line, column) = LineColumn(position);
        return new TemplateException(reason, line, column);
    }
}

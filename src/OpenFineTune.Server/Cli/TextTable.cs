namespace OpenFineTune.Server.Cli;

/// <summary>Plain aligned columns (readable in a terminal, splittable on runs of spaces in a script).</summary>
static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, column) => all.Max(row => row[column].Length)).ToList();
        foreach (var row in all)
            output.WriteLine(string.Join("  ", row.Select((cell, column) => column == row.Count - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd());
    }
}

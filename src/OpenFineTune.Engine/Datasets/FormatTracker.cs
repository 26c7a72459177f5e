namespace OpenFineTune.Engine.Datasets;

/// <summary>
/// Fixes the file's format at its first recognisable example, and remembers the lines that do not follow it:
/// the first line of another format (with how many more there are), and lines of no known format.
/// </summary>
internal sealed class FormatTracker
{
    readonly List<int> unrecognised = [];
    (int Line, DatasetFormat Format)? firstOther;
    int otherCount;
    int formatLine;

    public DatasetFormat? FileFormat { get; private set; }

    /// <summary>Whether the line should be validated as the file's format.</summary>
    public bool Accepts(int line, DatasetFormat? format)
    {
        if (format is null) { unrecognised.Add(line); return false; }
        if (FileFormat is null) (FileFormat, formatLine) = (format, line);
        if (format == FileFormat) return true;
        firstOther ??= (line, format.Value);
        otherCount++;
        return false;
    }

    public void ReportTo(ProblemList problems)
    {
        if (firstOther is var (line, other))
        {
            var more = otherCount > 1 ? $" ({otherCount - 1} more line(s) differ too)" : "";
            problems.Add(new(line, $"looks like {other.Describe()}, but the file's first example (line {formatLine}) is {FileFormat!.Value.Describe()}; a file must use one format{more}", null, "mixed_formats"));
        }
        foreach (var bad in unrecognised) problems.Add(Unrecognised(bad));
    }

    DatasetProblem Unrecognised(int line) => FileFormat switch
    {
        null => new(line, "not a recognised example; expected " + string.Join(", ", Enum.GetValues<DatasetFormat>().Select(f => f.Describe())), null, "unrecognized_format"),
        DatasetFormat.Chat => new(line, "missing; every line of this file must be " + FileFormat.Value.Describe(), "messages", "missing_messages_list"),
        _ => new(line, "not " + FileFormat.Value.Describe() + ", the format of this file (line " + formatLine + ")", null, "unrecognized_format"),
    };
}

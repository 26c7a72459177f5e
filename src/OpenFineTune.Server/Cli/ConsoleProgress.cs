namespace OpenFineTune.Server.Cli;

/// <summary>
/// Progress of long work: a bar redrawn in place on a terminal, one plain line per update when the stream is
/// redirected (logs and pipes get no control characters).
/// </summary>
sealed class ConsoleProgress(TextWriter writer, string label)
{
    const int Width = 30;
    readonly bool _terminal = IsTerminal(writer);
    bool _drawn;

    public void Report(int done, int total)
    {
        if (!_terminal)
        {
            writer.WriteLine($"{label}: {done}/{total}");
            return;
        }
        var filled = total == 0 ? Width : done * Width / total;
        writer.Write($"\r{label} [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total}");
        _drawn = true;
    }

    /// <summary>Ends the bar's line so that what follows starts on a fresh one.</summary>
    public void Done()
    {
        if (_drawn) writer.WriteLine();
        _drawn = false;
    }

    static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected) || (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected);
}

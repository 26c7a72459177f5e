using System.Text;

namespace OpenFineTune.Engine.Generation;

/// <summary>
/// Finds stop strings in streamed text. Text that could still be the start of a stop string is held back,
/// so a stop string is never emitted, not even in part (OpenAI never returns the stop text).
/// </summary>
public sealed class StopMatcher(IReadOnlyList<string> stops)
{
    readonly string[] _stops = stops.Where(s => s.Length > 0).ToArray();
    readonly StringBuilder _pending = new();

    public bool Stopped { get; private set; }

    /// <summary>Adds decoded text; returns the text that is now safe to emit.</summary>
    public string Push(string text)
    {
        if (Stopped) return "";
        _pending.Append(text);
        string pending = _pending.ToString();
        int at = FirstStop(pending);
        if (at >= 0)
        {
            Stopped = true;
            _pending.Clear();
            return pending[..at];
        }
        int hold = LongestStopPrefixAtEnd(pending);
        _pending.Remove(0, pending.Length - hold);
        return pending[..^hold];
    }

    /// <summary>At the end of generation: whatever was held back is real text after all.</summary>
    public string Flush()
    {
        string rest = _pending.ToString();
        _pending.Clear();
        return Stopped ? "" : rest;
    }

    int FirstStop(string text)
    {
        int first = -1;
        foreach (string stop in _stops)
        {
            int at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first)) first = at;
        }
        return first;
    }

    int LongestStopPrefixAtEnd(string text)
    {
        int longest = 0;
        foreach (string stop in _stops)
            for (int n = Math.Min(stop.Length - 1, text.Length); n > longest; n--)
                if (text.AsSpan(text.Length - n).SequenceEqual(stop.AsSpan(0, n))) { longest = n; break; }
        return longest;
    }
}

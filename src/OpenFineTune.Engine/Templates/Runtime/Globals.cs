using System.Globalization;
using System.Text;

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Functions every template sees: range, namespace, dict, and transformers' raise_exception and strftime_now.</summary>
static class Globals
{
    public static void AddTo(Scope scope, TimeProvider clock)
    {
        scope.Set("range", new Callable("range", Range));
        scope.Set("namespace", new Callable("namespace", Namespace));
        scope.Set("dict", new Callable("dict", a => new OrderedDictionary<string, object?>(a.Named)));
        scope.Set("raise_exception", new Callable("raise_exception", a => throw new RaisedByTemplate(Values.ToStr(a.Get(0, "message")))));
        scope.Set("strftime_now", new Callable("strftime_now", a => Strftime(clock.GetLocalNow(), Values.ToStr(a.Get(0, "format")))));
    }

    static object? Range(CallArguments a)
    {
        var bounds = a.Positional.Select(v => (long)Values.ToDouble(v)).ToList();
        var (start, stop, step) = bounds.Count switch
        {
            1 => (0L, bounds[0], 1L),
            2 => (bounds[0], bounds[1], 1L),
            3 => (bounds[0], bounds[1], bounds[2]),
            _ => throw new RenderError($"range expected 1 to 3 arguments, got {bounds.Count}"),
        };
        if (step == 0) throw new RenderError("range() arg 3 must not be zero");
        var items = new List<object?>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step) items.Add(i);
        return items;
    }

    static object? Namespace(CallArguments a)
    {
        var attributes = new OrderedDictionary<string, object?>();
        if (a.Positional.Count > 0 && a.Positional[0] is OrderedDictionary<string, object?> initial)
            foreach (var (key, value) in initial) attributes[key] = value;
        foreach (var (key, value) in a.Named) attributes[key] = value;
        return new Namespace(attributes);
    }

    /// <summary>C strftime with the directives chat templates use; %-d (no padding) is the glibc extension Python accepts on Linux.</summary>
    public static string Strftime(DateTimeOffset now, string format)
    {
        var c = CultureInfo.InvariantCulture;
        var output = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length) { output.Append(format[i]); continue; }
            var noPad = format[i + 1] == '-' && i + 2 < format.Length;
            var d = format[noPad ? i + 2 : i + 1];
            i += noPad ? 2 : 1;
            string Pad(int value, int width) => noPad ? value.ToString(c) : value.ToString(new string('0', width), c);
            output.Append(d switch
            {
                'd' => Pad(now.Day, 2), 'm' => Pad(now.Month, 2), 'Y' => now.Year.ToString(c), 'y' => Pad(now.Year % 100, 2),
                'H' => Pad(now.Hour, 2), 'I' => Pad((now.Hour + 11) % 12 + 1, 2), 'M' => Pad(now.Minute, 2), 'S' => Pad(now.Second, 2),
                'j' => Pad(now.DayOfYear, 3), 'p' => now.Hour < 12 ? "AM" : "PM",
                'b' => now.ToString("MMM", c), 'B' => now.ToString("MMMM", c), 'a' => now.ToString("ddd", c), 'A' => now.ToString("dddd", c),
                'f' => (now.Ticks % TimeSpan.TicksPerSecond / 10).ToString("000000", c), '%' => "%",
                _ => "%" + (noPad ? "-" : "") + d,
            });
        }
        return output.ToString();
    }
}

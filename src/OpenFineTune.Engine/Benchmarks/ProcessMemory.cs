using System.Runtime.InteropServices;

namespace OpenFineTune.Engine.Benchmarks;

/// <summary>This process's resident memory from /proc/self/status (Linux; 0 elsewhere), native allocations included.</summary>
static partial class ProcessMemory
{
    /// <summary>Hands freed heap pages back to the OS (glibc's malloc_trim), so RSS shows live memory; no-op elsewhere.</summary>
    public static void TrimFreed()
    {
        try { malloc_trim(0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { /* not glibc */ }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int malloc_trim(nuint pad);

    public static long RssBytes() => Field("VmRSS:");

    /// <summary>The peak resident set size so far (VmHWM).</summary>
    public static long PeakRssBytes() => Field("VmHWM:");

    /// <summary>Resident set size after a full garbage collection, so managed garbage does not count.</summary>
    public static long SettledRssBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return RssBytes();
    }

    /// <summary>Starts a new peak (Linux 4.0+: writing 5 to clear_refs resets VmHWM to the current RSS).</summary>
    public static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // the peak then spans the whole process
    }

    static long Field(string name)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return 0;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[name.Length..].Trim().Split(' ')[0]) * 1024; // "123456 kB"
    }
}

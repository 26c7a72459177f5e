namespace OpenFineTune.Engine.Benchmarks;

/// <summary>This process's resident memory from /proc/self/status (Linux); 0 where that file does not exist.</summary>
internal static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) in bytes.</summary>
    public static long PeakResidentBytes() => Read("VmHWM:");

    /// <summary>Resident set size (VmRSS) after a full garbage collection, so managed garbage does not count.</summary>
    public static long SettledResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Read("VmRSS:");
    }

    /// <summary>Starts a new peak (Linux 4.0+: writing 5 to clear_refs resets VmHWM to the current RSS).</summary>
    public static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // the peak then spans the whole process
    }

    static long Read(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return 0;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024; // "VmRSS:  123456 kB"
    }
}

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>Reads Linux /proc/&lt;pid&gt;/status.</summary>
static class ProcStatus
{
    /// <summary>VmHWM ("high water mark" of the resident set), which the kernel reports in kB.</summary>
    public static long PeakRssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) * 1024;
        throw new InvalidOperationException($"/proc/{pid}/status has no VmHWM line");
    }
}

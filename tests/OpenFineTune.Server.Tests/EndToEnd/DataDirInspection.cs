namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>Looks inside a server's data dir for what a crash can leave behind.</summary>
static class DataDirInspection
{
    /// <summary>Staged uploads: the foundation stages under files/.tmp/*.part; any tmp/temp/part name counts.</summary>
    public static IReadOnlyList<string> LeftoverTempFiles(string dataDir) =>
        [.. Directory.EnumerateFiles(dataDir, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(dataDir, path))
            .Where(IsTempName)];

    static bool IsTempName(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar).Any(part =>
            part.Contains("tmp", StringComparison.OrdinalIgnoreCase)
            || part.Contains("temp", StringComparison.OrdinalIgnoreCase)
            || part.EndsWith(".part", StringComparison.OrdinalIgnoreCase)
            || part.EndsWith(".partial", StringComparison.OrdinalIgnoreCase));
}

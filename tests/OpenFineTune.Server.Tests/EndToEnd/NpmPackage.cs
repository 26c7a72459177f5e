namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>tests/e2e, the npm package whose node tests drive a real server with the official npm <c>openai</c> SDK.</summary>
static class NpmPackage
{
    static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Directory => Path.Combine(TestPaths.RepoRoot, "tests", "e2e");

    /// <summary>Runs <c>npm ci</c> once when node_modules lacks the locked SDK (fresh clone, CI).</summary>
    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(Directory, "node_modules", "openai", "package.json"))) return;
            var result = await ChildProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], Directory, null, TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0) throw new InvalidOperationException($"npm ci failed in {Directory} (exit {result.ExitCode}):\n{result.Output}");
        }
        finally { InstallLock.Release(); }
    }
}

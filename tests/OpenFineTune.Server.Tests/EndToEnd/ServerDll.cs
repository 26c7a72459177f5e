namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>Where the built server is. The test project references the server project, so the SDK copies
/// OpenFineTune.Server.dll with its runtimeconfig.json and deps.json into this test's bin; the server's own
/// output folder (same configuration) is the fallback; OPENFINETUNE_SERVER_DLL overrides both.</summary>
static class ServerDll
{
    const string FileName = "OpenFineTune.Server.dll";

    public static string Path { get; } = Find();

    static string Find()
    {
        // A published or otherwise built server can be tested instead (e.g. `dotnet publish` output).
        if (Environment.GetEnvironmentVariable("OPENFINETUNE_SERVER_DLL") is { Length: > 0 } chosen) return chosen;
        var beside = System.IO.Path.Combine(AppContext.BaseDirectory, FileName);
        if (IsRunnable(beside)) return beside;
        // bin/<Configuration>/<tfm>/ of the test project → the same pair under the server project.
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var configuration = tfmDir.Parent!.Name;
        var own = System.IO.Path.Combine(TestPaths.RepoRoot, "src", "OpenFineTune.Server", "bin", configuration, tfmDir.Name, FileName);
        if (IsRunnable(own)) return own;
        throw new FileNotFoundException($"no runnable {FileName} (with its runtimeconfig.json) beside the tests or at {own}; build the solution first");
    }

    static bool IsRunnable(string dll) =>
        File.Exists(dll) && File.Exists(System.IO.Path.ChangeExtension(dll, ".runtimeconfig.json"));
}

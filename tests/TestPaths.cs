namespace OpenFineTune.Tests;

/// <summary>Shared by both test projects (linked into each). Where the repository and the shared fixtures are (CI keeps ../shared beside the clone).</summary>
static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Fixtures => Path.Combine(Shared, "fixtures");

    /// <summary>Our Spanish customer-support chats, the sample dataset beside the client scripts.</summary>
    public static string SupportChats => Path.Combine(RepoRoot, "clients", "data", "soporte.jsonl");

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpenFineTune.sln"))) return dir.FullName;
        throw new InvalidOperationException("OpenFineTune.sln not found above " + AppContext.BaseDirectory);
    }
}

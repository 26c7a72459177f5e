namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>A fresh directory under the system temp folder, deleted on Dispose (a server's data dir).</summary>
sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "oft-e2e-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a killed child may still be closing files; the OS temp cleaner takes the rest */ }
    }
}

using OpenFineTune.Engine.Models.Hub;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// The Hugging Face hub cache, laid out as huggingface_hub lays it out:
/// <c>&lt;cache&gt;/models--org--name/refs/&lt;revision&gt;</c> holds a commit sha, <c>blobs/&lt;etag&gt;</c> the file
/// contents, and <c>snapshots/&lt;sha&gt;/&lt;file&gt;</c> relative symlinks to the blobs.
/// </summary>
public static class HfHubCache
{
    /// <summary>The cache directory, as huggingface_hub chooses it: $HF_HUB_CACHE, $HF_HOME/hub, else ~/.cache/huggingface/hub.</summary>
    public static string Directory(Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        if (NonEmpty(env("HF_HUB_CACHE")) is { } hub) return hub;
        if (NonEmpty(env("HUGGINGFACE_HUB_CACHE")) is { } legacy) return legacy;
        if (NonEmpty(env("HF_HOME")) is { } home) return Path.Combine(home, "hub");
        var cache = NonEmpty(env("XDG_CACHE_HOME")) ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "huggingface", "hub");
    }

    public static string RepoFolder(string cache, HubRepoRef repo) => Path.Combine(cache, repo.CacheFolderName);

    public static string SnapshotFolder(string cache, HubRepoRef repo, string commit) => Path.Combine(RepoFolder(cache, repo), "snapshots", commit);

    public static string BlobPath(string cache, HubRepoRef repo, string etag) => Path.Combine(RepoFolder(cache, repo), "blobs", etag);

    /// <summary>
    /// The snapshot folder of <paramref name="repo"/>'s revision, or null when it is not cached. A branch or tag is
    /// looked up in <c>refs/</c>; for <c>main</c> with no usable ref, the most recently written snapshot is taken.
    /// </summary>
    public static string? FindSnapshot(string cache, HubRepoRef repo)
    {
        var snapshots = Path.Combine(RepoFolder(cache, repo), "snapshots");
        if (!System.IO.Directory.Exists(snapshots)) return null;
        if (repo.RevisionIsCommit) return ExistingFolder(Path.Combine(snapshots, repo.Revision));
        var refFile = Path.Combine(RepoFolder(cache, repo), "refs", repo.Revision);
        if (File.Exists(refFile) && ExistingFolder(Path.Combine(snapshots, File.ReadAllText(refFile).Trim())) is { } pinned) return pinned;
        if (repo.Revision != HubRepoRef.DefaultRevision) return null;
        return new DirectoryInfo(snapshots).GetDirectories().OrderByDescending(d => d.LastWriteTimeUtc).FirstOrDefault()?.FullName;
    }

    /// <summary>Points <c>snapshots/&lt;commit&gt;/&lt;file&gt;</c> at <c>blobs/&lt;etag&gt;</c> with a relative symlink.</summary>
    public static void LinkSnapshotFile(string cache, HubRepoRef repo, string commit, string file, string etag)
    {
        var link = Path.Combine(SnapshotFolder(cache, repo, commit), file);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        if (File.Exists(link) || new FileInfo(link).LinkTarget is not null) File.Delete(link);
        File.CreateSymbolicLink(link, Path.GetRelativePath(Path.GetDirectoryName(link)!, BlobPath(cache, repo, etag)));
    }

    /// <summary>Records that <paramref name="repo"/>'s revision is <paramref name="commit"/> (<c>refs/&lt;revision&gt;</c>).</summary>
    public static void WriteRef(string cache, HubRepoRef repo, string commit)
    {
        if (repo.RevisionIsCommit) return;
        var refFile = Path.Combine(RepoFolder(cache, repo), "refs", repo.Revision);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(refFile)!);
        File.WriteAllText(refFile, commit);
    }

    static string? ExistingFolder(string path) => System.IO.Directory.Exists(path) ? path : null;

    static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

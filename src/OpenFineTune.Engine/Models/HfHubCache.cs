namespace OpenFineTune.Engine.Models;

/// <summary>
/// Finds an already-downloaded model in the Hugging Face hub cache, offline. Layout (huggingface_hub):
/// <c>&lt;cache&gt;/models--org--name/refs/main</c> holds a commit id, <c>snapshots/&lt;commit&gt;/</c> the files.
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

    /// <summary>True for "org/name" (a hub id) rather than a filesystem path.</summary>
    public static bool LooksLikeRepoId(string value) =>
        value.Count(c => c == '/') == 1 && !value.StartsWith('.') && !value.StartsWith('/') && !System.IO.Directory.Exists(value);

    /// <summary>The snapshot directory of <paramref name="repoId"/> ("org/name"), or null when it is not cached.</summary>
    public static string? FindSnapshot(string repoId, Func<string, string?>? env = null)
    {
        var repo = Path.Combine(Directory(env), "models--" + repoId.Replace("/", "--"));
        var snapshots = Path.Combine(repo, "snapshots");
        if (!System.IO.Directory.Exists(snapshots)) return null;
        var refMain = Path.Combine(repo, "refs", "main");
        if (File.Exists(refMain) && Path.Combine(snapshots, File.ReadAllText(refMain).Trim()) is var pinned && System.IO.Directory.Exists(pinned))
            return pinned;
        // No usable refs/main: take the most recently written snapshot.
        return new DirectoryInfo(snapshots).GetDirectories().OrderByDescending(d => d.LastWriteTimeUtc).FirstOrDefault()?.FullName;
    }

    /// <summary>Like <see cref="FindSnapshot"/>, but a model that is not cached is an error saying where we looked.</summary>
    public static string Resolve(string repoId, Func<string, string?>? env = null) =>
        FindSnapshot(repoId, env) ?? throw new ModelLoadException(repoId,
            $"not a directory, and not in the Hugging Face cache (looked for models--{repoId.Replace("/", "--")} in {Directory(env)})");

    static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

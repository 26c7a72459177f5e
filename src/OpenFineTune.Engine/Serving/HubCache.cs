namespace OpenFineTune.Engine.Serving;

/// <summary>
/// Finds an already-downloaded model in the Hugging Face hub cache (no network): <c>models--org--name/snapshots/REV/</c>,
/// where REV is what <c>refs/main</c> (or the asked revision's ref) names. Roots, in huggingface_hub's order:
/// <c>$HF_HUB_CACHE</c>, <c>$HF_HOME/hub</c>, <c>$XDG_CACHE_HOME/huggingface/hub</c>, <c>~/.cache/huggingface/hub</c>.
/// </summary>
public static class HubCache
{
    public static IReadOnlyList<string> DefaultRoots(Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var roots = new List<string>();
        if (env("HF_HUB_CACHE") is { Length: > 0 } hubCache) roots.Add(hubCache);
        if (env("HF_HOME") is { Length: > 0 } home) roots.Add(Path.Combine(home, "hub"));
        if (env("XDG_CACHE_HOME") is { Length: > 0 } xdg) roots.Add(Path.Combine(xdg, "huggingface", "hub"));
        var user = env("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(user)) roots.Add(Path.Combine(user, ".cache", "huggingface", "hub"));
        return roots.Distinct().ToList();
    }

    /// <summary>True for <c>org/name</c> or <c>org/name@revision</c> (a hub repository id, not a file path).</summary>
    public static bool IsRepoId(string spec)
    {
        var name = spec.Split('@')[0];
        var parts = name.Split('/');
        return parts.Length == 2 && parts.All(p => p.Length > 0 && p != "." && p != ".." && !p.Contains('\\'));
    }

    /// <summary>The snapshot directory of <paramref name="repoId"/> (<c>org/name[@revision]</c>), or null when no root holds it.</summary>
    public static string? Find(string repoId, IEnumerable<string> roots)
    {
        var (name, revision) = repoId.Split('@') is [var n, var r] ? (n, r) : (repoId, "main");
        var folder = "models--" + name.Replace("/", "--");
        foreach (var root in roots)
            if (Snapshot(Path.Combine(root, folder), revision) is { } snapshot) return snapshot;
        return null;
    }

    static string? Snapshot(string repoFolder, string revision)
    {
        var snapshots = Path.Combine(repoFolder, "snapshots");
        if (!Directory.Exists(snapshots)) return null;
        var reference = Path.Combine(repoFolder, "refs", revision);
        var commit = File.Exists(reference) ? File.ReadAllText(reference).Trim() : revision;
        var direct = Path.Combine(snapshots, commit);
        if (Directory.Exists(direct)) return direct;
        // A cache filled by copying snapshots (no refs/) still serves its only snapshot as "main".
        var all = Directory.GetDirectories(snapshots);
        return revision == "main" && !File.Exists(reference) && all.Length == 1 ? all[0] : null;
    }
}

namespace OpenFineTune.Engine.Models.Hub;

/// <summary>
/// Finds the folder of an <c>org/name[@revision]</c> model: the cached snapshot when there is one (no network), else a
/// download from the hub into the cache, unless HF_HUB_OFFLINE forbids it.
/// </summary>
public static class HubModelResolver
{
    public static string Resolve(HubRepoRef repo, HubSettings settings, Action<string>? log = null)
    {
        if (HfHubCache.FindSnapshot(settings.CacheDirectory, repo) is { } cached) return cached;
        if (settings.Offline)
            throw new ModelLoadException(repo.ToString(), $"not in the Hugging Face cache (looked for {repo.CacheFolderName} in "
                + $"{settings.CacheDirectory}), and HF_HUB_OFFLINE is set, so it cannot be downloaded");
        return HubDownloader.Download(repo, settings, log);
    }
}

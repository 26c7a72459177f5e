namespace OpenFineTune.Engine.Models.Hub;

/// <summary>
/// Downloads the serving files of one revision into the hub cache. Each file goes to <c>blobs/&lt;etag&gt;.incomplete</c>
/// and is renamed when complete; the snapshot links and <c>refs/</c> are written only after every blob is in place, so
/// an interrupted download never leaves a snapshot that looks usable.
/// </summary>
public static class HubDownloader
{
    public static string Download(HubRepoRef repo, HubSettings settings, Action<string>? log = null)
    {
        log ??= _ => { };
        using var client = new HubClient(settings);
        var revision = client.Revision(repo);
        var files = HubFileSelection.ServingFiles(revision.Files);
        if (!files.Contains("config.json"))
            throw new ModelLoadException(repo.ToString(), $"revision {revision.Commit} on {settings.Endpoint} has no config.json; not a transformers model");
        log($"Downloading {repo} (commit {revision.Commit}) from {settings.Endpoint} into {settings.CacheDirectory}: {string.Join(", ", files)}");
        var blobs = files.Select(file => (File: file, ETag: FetchBlob(client, settings.CacheDirectory, repo, revision.Commit, file, log))).ToList();
        foreach (var (file, etag) in blobs) HfHubCache.LinkSnapshotFile(settings.CacheDirectory, repo, revision.Commit, file, etag);
        HfHubCache.WriteRef(settings.CacheDirectory, repo, revision.Commit);
        return HfHubCache.SnapshotFolder(settings.CacheDirectory, repo, revision.Commit);
    }

    static string FetchBlob(HubClient client, string cache, HubRepoRef repo, string commit, string file, Action<string> log)
    {
        var metadata = client.Metadata(repo, commit, file);
        var blob = HfHubCache.BlobPath(cache, repo, metadata.ETag);
        if (File.Exists(blob)) return metadata.ETag; // shared with another revision, or fetched before an interruption
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        var temp = blob + ".incomplete";
        var progress = new DownloadProgress($"{repo.RepoId}/{file}", metadata.Size, log);
        var stream = OpenTemp(temp, $"{repo.RepoId}/{file}");
        try
        {
            using (stream)
            {
                client.Download(repo, commit, file, stream, progress.Report);
                stream.Flush(flushToDisk: true);
                if (metadata.Size is { } size && stream.Length != size)
                    throw new ModelLoadException($"{repo.RepoId}/{file}", $"download ended after {stream.Length} of {size} bytes");
            }
            File.Move(temp, blob, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        progress.Done();
        return metadata.ETag;
    }

    static FileStream OpenTemp(string temp, string what)
    {
        try { return new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None); }
        catch (IOException e)
        {
            throw new ModelLoadException(what, $"cannot write {temp} ({e.Message}); if another process is downloading the same model, wait for it and start again", e);
        }
    }
}

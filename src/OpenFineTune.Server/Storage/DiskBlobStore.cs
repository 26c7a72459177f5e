namespace OpenFineTune.Server.Storage;

/// <summary>
/// Blobs as files named by id under <c>DATA/files/</c>. Staged writes go to <c>DATA/files/.tmp/</c> (same file system,
/// so the final rename is atomic); leftovers there are from a crash and are removed at start.
/// </summary>
public sealed class DiskBlobStore : IBlobStore
{
    readonly string _root;
    readonly string _temp;

    public DiskBlobStore(string dataDir)
    {
        _root = Path.Combine(dataDir, "files");
        _temp = Path.Combine(_root, ".tmp");
        Directory.CreateDirectory(_root);
        if (Directory.Exists(_temp)) Directory.Delete(_temp, recursive: true);
        Directory.CreateDirectory(_temp);
    }

    public Task<IPendingBlob> BeginWriteAsync(CancellationToken ct = default)
    {
        var tempPath = Path.Combine(_temp, Guid.NewGuid().ToString("N") + ".part");
        return Task.FromResult<IPendingBlob>(new PendingDiskBlob(tempPath, this));
    }

    public Task<Stream?> OpenReadAsync(string id, CancellationToken ct = default)
    {
        var path = PathOf(id);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true)
            : null;
        return Task.FromResult(stream);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        var path = PathOf(id);
        if (!File.Exists(path)) return Task.FromResult(false);
        // On Unix an open reader (e.g. a running job) keeps its bytes until it closes them.
        File.Delete(path);
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<string>> ListIdsAsync(string prefix, CancellationToken ct = default)
    {
        IReadOnlyList<string> ids = Directory.EnumerateFiles(_root, prefix + "*").Select(p => Path.GetFileName(p)).ToList();
        return Task.FromResult(ids);
    }

    internal void Publish(string tempPath, string id)
    {
        File.Move(tempPath, PathOf(id), overwrite: false);
        DirectorySync.Fsync(_root);
    }

    /// <summary>Ids are ours (<c>file-</c> + base62), but they also arrive in URLs: refuse anything that is not a plain name.</summary>
    string PathOf(string id)
    {
        if (id.Length == 0 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"Not a blob id: {id}", nameof(id));
        return Path.Combine(_root, id);
    }
}

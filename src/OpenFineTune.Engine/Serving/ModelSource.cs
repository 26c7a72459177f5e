using OpenFineTune.Engine.Models;

namespace OpenFineTune.Engine.Serving;

/// <summary>A base model to serve: its id and the HF directory it is loaded from.</summary>
public sealed record ModelSource(string Id, string Directory)
{
    /// <summary>
    /// Reads one <c>--model</c> value: <c>ID=PATH</c>, <c>PATH</c> (id = directory name) or <c>org/name</c>
    /// (id = <c>org/name</c>, directory = its snapshot in the hub cache, <paramref name="hubCacheDirectory"/> or the
    /// environment's). Throws a <see cref="ModelLoadException"/> naming what was looked for when nothing is found.
    /// </summary>
    public static ModelSource Parse(string spec, string? hubCacheDirectory = null)
    {
        var equals = spec.IndexOf('=');
        var (id, target) = equals > 0 ? (spec[..equals].Trim(), spec[(equals + 1)..].Trim()) : ((string?)null, spec.Trim());
        if (System.IO.Directory.Exists(target))
            return new ModelSource(id ?? DirectoryName(target), Path.GetFullPath(target));
        if (HfHubCache.LooksLikeRepoId(target))
        {
            Func<string, string?>? env = hubCacheDirectory is null ? null : key => key == "HF_HUB_CACHE" ? hubCacheDirectory : null;
            return new ModelSource(id ?? target, HfHubCache.Resolve(target, env));
        }
        throw new ModelLoadException(target, "model directory not found");
    }

    static string DirectoryName(string path) => Path.GetFileName(Path.GetFullPath(path).TrimEnd('/', '\\'));
}

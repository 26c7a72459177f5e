using OpenFineTune.Engine.Models;

namespace OpenFineTune.Engine.Serving;

/// <summary>A base model to serve: its id and the HF directory it is loaded from.</summary>
public sealed record ModelSource(string Id, string Directory)
{
    /// <summary>
    /// Reads one <c>--model</c> value: <c>ID=PATH</c>, <c>PATH</c> (id = directory name) or <c>org/name[@rev]</c>
    /// (id = <c>org/name</c>, directory = its snapshot in the hub cache). Throws a <see cref="ModelLoadException"/>
    /// naming what was looked for when nothing is found.
    /// </summary>
    public static ModelSource Parse(string spec, IReadOnlyList<string> hubCacheRoots)
    {
        var equals = spec.IndexOf('=');
        var (id, target) = equals > 0 ? (spec[..equals].Trim(), spec[(equals + 1)..].Trim()) : ((string?)null, spec.Trim());
        if (System.IO.Directory.Exists(target))
            return new ModelSource(id ?? DirectoryName(target), Path.GetFullPath(target));
        if (HubCache.IsRepoId(target))
        {
            var snapshot = HubCache.Find(target, hubCacheRoots) ?? throw new ModelLoadException(target,
                $"not a directory, and not found in the Hugging Face cache (looked in {string.Join(", ", hubCacheRoots)}); download it first, e.g. `huggingface-cli download {target.Split('@')[0]}`");
            return new ModelSource(id ?? target.Split('@')[0], snapshot);
        }
        throw new ModelLoadException(target, "model directory not found");
    }

    static string DirectoryName(string path) => Path.GetFileName(Path.GetFullPath(path).TrimEnd('/', '\\'));
}

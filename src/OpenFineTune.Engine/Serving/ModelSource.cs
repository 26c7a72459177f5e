using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.Hub;

namespace OpenFineTune.Engine.Serving;

/// <summary>A base model to serve: its id and the HF directory it is loaded from.</summary>
public sealed record ModelSource(string Id, string Directory)
{
    /// <summary>
    /// Reads one <c>--model</c> value: <c>ID=PATH</c>, <c>PATH</c> (id = directory name) or <c>org/name[@revision]</c>
    /// (id = <c>org/name</c>, directory = its snapshot in the hub cache, downloaded first when it is not cached and
    /// <paramref name="hub"/> allows it; <paramref name="log"/> gets the download's progress). Throws a
    /// <see cref="ModelLoadException"/> naming what was looked for when nothing is found.
    /// </summary>
    public static ModelSource Parse(string spec, HubSettings? hub = null, Action<string>? log = null)
    {
        var equals = spec.IndexOf('=');
        var (id, target) = equals > 0 ? (spec[..equals].Trim(), spec[(equals + 1)..].Trim()) : ((string?)null, spec.Trim());
        if (System.IO.Directory.Exists(target))
            return new ModelSource(id ?? DirectoryName(target), Path.GetFullPath(target));
        if (HubRepoRef.Looks(target))
        {
            var repo = HubRepoRef.Parse(target);
            return new ModelSource(id ?? repo.RepoId, HubModelResolver.Resolve(repo, hub ?? HubSettings.FromEnvironment(), log));
        }
        throw new ModelLoadException(target, "model directory not found");
    }

    static string DirectoryName(string path) => Path.GetFileName(Path.GetFullPath(path).TrimEnd('/', '\\'));
}

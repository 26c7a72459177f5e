using Microsoft.Extensions.Options;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Server.Hosting;

/// <summary>
/// The base models named by the options, until the engine registers its own <see cref="IBaseModelCatalog"/> (which
/// will also load them). Without <c>--model</c> it is the built-in model; with it, each directory's name.
/// </summary>
public sealed class ServedModelCatalog(IOptions<ServerOptions> options) : IBaseModelCatalog
{
    public const string BuiltInModelId = "openfinetune-tiny";

    /// <summary>The built-in model has no file to date it; this is the day its recipe was fixed (2026-11-25).</summary>
    const long BuiltInCreated = 1795564800;

    public IReadOnlyList<BaseModelInfo> BaseModels { get; } = Build(options.Value.Models);

    static List<BaseModelInfo> Build(IReadOnlyList<string> paths) => paths.Count == 0
        ? [new BaseModelInfo(BuiltInModelId, BuiltInCreated, "built-in", "Small random-weight model for trying the workflow offline")]
        : paths.Select(FromPath).ToList();

    static BaseModelInfo FromPath(string path)
    {
        var trimmed = path.TrimEnd('/', '\\');
        var created = Directory.Exists(trimmed) ? new DateTimeOffset(Directory.GetLastWriteTimeUtc(trimmed)).ToUnixTimeSeconds() : 0;
        return new BaseModelInfo(Path.GetFileName(trimmed), created, trimmed);
    }
}

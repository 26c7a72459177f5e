using LiteDB;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.BuiltIn;
using OpenFineTune.Engine.Models.Hub;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Cli;

/// <summary>One row of <c>models</c>: an id the server would answer to, what kind of model it is, and where it comes from.</summary>
public sealed record ModelListing(string Id, string Kind, string Source, string Note = "");

/// <summary>
/// What <c>serve</c> would serve with the same options, worked out from the options and the data dir without loading
/// any weights: the same rules as the engine's ModelRegistry (ids, aliases, adapter bases) and the fine-tuned models
/// recorded in the data dir. Problems are what would stop the server from starting (or a data dir that could not be read).
/// </summary>
public sealed class ServedModelList(EngineOptions options)
{
    readonly List<ModelListing> _models = [];
    readonly List<string> _problems = [];

    public IReadOnlyList<ModelListing> Models => _models;
    public IReadOnlyList<string> Problems => _problems;

    public static ServedModelList Of(EngineOptions options)
    {
        var list = new ServedModelList(options);
        list.AddBases();
        var bases = list._models.Select(m => m.Id).ToList();
        foreach (var alias in options.ModelAliases) list.Check(() => list.AddAlias(alias, bases));
        foreach (var adapter in options.Adapters) list.Check(() => list.AddAdapter(adapter, bases));
        list.AddFineTuned(bases);
        return list;
    }

    string DataDir => Path.GetFullPath(options.DataDir);

    void AddBases()
    {
        if (options.Models.Count == 0)
        {
            var directory = Path.Combine(DataDir, "models", BuiltInModel.Id);
            var created = File.Exists(Path.Combine(directory, ModelDirectory.ConfigFile));
            _models.Add(new(BuiltInModel.Id, "built-in", directory, created ? "" : "created when first served"));
            return;
        }
        foreach (var spec in options.Models)
        {
            try
            {
                // Listing never downloads: a hub model that is not cached yet is reported, not fetched.
                var source = ModelSource.Parse(spec, (options.Hub ?? HubSettings.FromEnvironment()) with { Offline = true });
                if (!File.Exists(Path.Combine(source.Directory, ModelDirectory.ConfigFile)))
                    throw new ModelLoadException(Path.Combine(source.Directory, ModelDirectory.ConfigFile), "not found: not a Hugging Face model directory");
                _models.Add(new(source.Id, "base", source.Directory));
            }
            catch (Exception e) when (e is ModelLoadException or IOException or ArgumentException)
            {
                _problems.Add($"--model {spec}: {e.Message}");
            }
        }
    }

    // A malformed option is a problem to list, as it would stop the server.
    void Check(Action add)
    {
        try { add(); }
        catch (ArgumentException e) { _problems.Add(e.Message); }
    }

    void AddAlias(string option, IReadOnlyList<string> bases)
    {
        var (name, target) = NamedOptions.Alias(option);
        if (!bases.Contains(target)) _problems.Add($"--model-alias {option}: `{target}` is not a served model (served: {string.Join(", ", bases)})");
        else _models.Add(new(name, "alias", target, $"another name for {target}"));
    }

    void AddAdapter(string option, IReadOnlyList<string> bases)
    {
        var (name, path, given) = NamedOptions.Adapter(option);
        var baseId = given ?? bases.FirstOrDefault() ?? "";
        if (!Directory.Exists(path)) _problems.Add($"--adapter {option}: adapter directory not found: {path}");
        else if (!bases.Contains(baseId)) _problems.Add($"--adapter {option}: base model `{baseId}` is not served (served: {string.Join(", ", bases)})");
        else _models.Add(new(name, "adapter", Path.GetFullPath(path), $"on {baseId}"));
    }

    /// <summary>
    /// Reads a copy of metadata.db (and its log): a running server may be writing the original, and LiteDB opening it
    /// from a second process could replay the log into it.
    /// </summary>
    void AddFineTuned(IReadOnlyList<string> bases)
    {
        if (!File.Exists(Path.Combine(DataDir, LiteDbMetadataStore.FileName))) return;
        var copy = Directory.CreateTempSubdirectory("oft-models-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(DataDir, Path.GetFileNameWithoutExtension(LiteDbMetadataStore.FileName) + "*.db"))
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            using var store = new LiteDbMetadataStore(copy);
            var all = store.FineTunedModels.ListAsync(new PageQuery(int.MaxValue - 1, NewestFirst: false)).GetAwaiter().GetResult();
            foreach (var model in all.Items)
                _models.Add(new(model.Id, "fine-tuned", Path.GetFullPath(Path.Combine(DataDir, model.AdapterPath)),
                    bases.Contains(model.BaseModel) ? $"on {model.BaseModel} (job {model.JobId})" : $"not served: its base {model.BaseModel} is not served"));
        }
        catch (Exception e) when (e is IOException or LiteException)
        {
            _problems.Add($"fine-tuned models not listed: {Path.Combine(DataDir, LiteDbMetadataStore.FileName)} could not be read ({e.Message})");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}

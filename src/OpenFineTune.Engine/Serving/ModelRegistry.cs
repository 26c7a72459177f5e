using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.BuiltIn;
using OpenFineTune.Engine.Peft;
using OpenFineTune.Engine.Serving.Adapters;

namespace OpenFineTune.Engine.Serving;

/// <summary>
/// Every model id the engine answers to: resident base models (loaded at construction, so a bad directory fails at
/// start-up naming the file), aliases of them, and LoRA adapters served on a resident base without copying it.
/// </summary>
public sealed class ModelRegistry : IBaseModelCatalog, IAdapterRegistry, IDisposable
{
    readonly Dictionary<string, LoadedModel> _bases = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    readonly Dictionary<string, AdapterRegistration> _adapters = new(StringComparer.Ordinal);
    readonly AdapterCache _cache;
    readonly object _lock = new();

    /// <param name="log">Receives progress lines while a hub model downloads.</param>
    public ModelRegistry(EngineOptions options, Action<string>? log = null)
    {
        TorchRuntime.Configure(options.Threads);
        var device = TorchRuntime.ParseDevice(options.Device);
        _cache = new AdapterCache(options.MaxLoadedAdapters, options.MaxLoadedAdapterBytes);
        try
        {
            foreach (var model in LoadBases(options, device, log)) _bases.Add(model.Id, model);
            foreach (var alias in options.ModelAliases) AddAlias(alias);
            foreach (var adapter in options.Adapters) AddAdapterOption(adapter);
        }
        catch
        {
            Dispose();
            throw;
        }
        BaseModels = _bases.Values.Select(m => m.Info).ToList();
    }

    public IReadOnlyList<BaseModelInfo> BaseModels { get; }

    /// <summary>Base ids, aliases and adapter ids, sorted.</summary>
    public IReadOnlyList<string> ServedIds
    {
        get { lock (_lock) return _bases.Keys.Concat(_aliases.Keys).Concat(_adapters.Keys).Order(StringComparer.Ordinal).ToList(); }
    }

    public LoadedModel Base(string id) => _bases[id];

    /// <summary>The model an id names; <see cref="ModelNotFoundException"/> lists the served ids when it names none.</summary>
    public ServedModel Resolve(string id)
    {
        lock (_lock)
        {
            var target = _aliases.GetValueOrDefault(id, id);
            if (_bases.TryGetValue(target, out var model)) return new ServedModel(id, model, null);
            if (_adapters.TryGetValue(target, out var adapter)) return new ServedModel(id, _bases[adapter.BaseModelId], adapter);
        }
        throw new ModelNotFoundException(id, ServedIds);
    }

    public void Register(string modelId, string baseModelId, string adapterDirectory)
    {
        var baseId = _aliases.GetValueOrDefault(baseModelId, baseModelId);
        if (!_bases.TryGetValue(baseId, out var model))
            throw new ArgumentException($"Base model `{baseModelId}` is not served (served base models: {string.Join(", ", _bases.Keys)}).", nameof(baseModelId));
        if (_bases.ContainsKey(modelId) || _aliases.ContainsKey(modelId))
            throw new ArgumentException($"`{modelId}` is already a base model or alias; an adapter needs its own id.", nameof(modelId));
        PeftAdapter.ReadConfig(adapterDirectory); // fail now, naming the file, rather than on the first request
        var registration = new AdapterRegistration(modelId, baseId, Path.GetFullPath(adapterDirectory), ModelFingerprint.Of(model.Info.Source, adapterDirectory));
        lock (_lock) _adapters[modelId] = registration;
        _cache.Remove(modelId); // a re-registration serves the new files
    }

    public bool Unregister(string modelId)
    {
        lock (_lock)
            if (!_adapters.Remove(modelId)) return false;
        _cache.Remove(modelId);
        return true;
    }

    public bool IsRegistered(string modelId)
    {
        lock (_lock) return _adapters.ContainsKey(modelId);
    }

    /// <summary>Adapter weights currently loaded (for tests and diagnostics).</summary>
    public int LoadedAdapterCount => _cache.LoadedCount;
    public long LoadedAdapterBytes => _cache.LoadedBytes;

    /// <summary>Keeps the adapter's weights loaded for one generation; null for a base model.</summary>
    internal AdapterLease? LeaseAdapter(ServedModel served) => served.Adapter is not { } adapter ? null
        : _cache.Acquire(adapter, () => LoraWeights.Load(adapter.Directory, served.Base.Model, served.Base.Adapters.ProjectionShapes));

    static IEnumerable<LoadedModel> LoadBases(EngineOptions options, TorchSharp.torch.Device device, Action<string>? log)
    {
        if (options.Models.Count == 0)
        {
            var directory = BuiltInModel.EnsureCreated(Path.GetFullPath(options.DataDir));
            yield return LoadedModel.Load(new ModelSource(BuiltInModel.Id, directory), options.Dtype, device, BuiltInModel.Description, isBuiltIn: true);
            yield break;
        }
        foreach (var spec in options.Models)
            yield return LoadedModel.Load(ModelSource.Parse(spec, options.Hub, log), options.Dtype, device);
    }

    void AddAlias(string option)
    {
        var (name, target) = NamedOptions.Alias(option);
        if (!_bases.ContainsKey(target))
            throw new ArgumentException($"--model-alias {option}: `{target}` is not a served model (served: {string.Join(", ", _bases.Keys)}).");
        _aliases[name] = target;
    }

    void AddAdapterOption(string option)
    {
        var (name, path, baseId) = NamedOptions.Adapter(option);
        if (!Directory.Exists(path)) throw new ModelLoadException(path, $"--adapter {option}: adapter directory not found");
        Register(name, baseId ?? _bases.Keys.First(), path);
    }

    public void Dispose()
    {
        _cache.Dispose();
        foreach (var model in _bases.Values) model.Dispose();
    }
}

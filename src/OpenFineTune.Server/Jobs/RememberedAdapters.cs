using System.Collections.Concurrent;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// The adapter registry of a server without the inference engine: it records which adapters are registered
/// (so jobs, /v1/models and tests behave the same) but serves nothing. AddEngine() replaces it.
/// </summary>
public sealed class RememberedAdapters : IAdapterRegistry
{
    readonly ConcurrentDictionary<string, (string BaseModelId, string Directory)> _adapters = new();

    public void Register(string modelId, string baseModelId, string adapterDirectory) => _adapters[modelId] = (baseModelId, adapterDirectory);

    public bool Unregister(string modelId) => _adapters.TryRemove(modelId, out _);

    public bool IsRegistered(string modelId) => _adapters.ContainsKey(modelId);

    public string? DirectoryOf(string modelId) => _adapters.TryGetValue(modelId, out var a) ? a.Directory : null;
}

using System.Collections.Concurrent;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Server.Tests.FineTuning;

/// <summary>An adapter registry for job tests with a fake trainer: it records registrations (whose fake adapter
/// directories the real engine could not load) and serves nothing.</summary>
public sealed class RememberedAdapters : IAdapterRegistry
{
    readonly ConcurrentDictionary<string, (string BaseModelId, string Directory)> _adapters = new();

    public void Register(string modelId, string baseModelId, string adapterDirectory) => _adapters[modelId] = (baseModelId, adapterDirectory);

    public bool Unregister(string modelId) => _adapters.TryRemove(modelId, out _);

    public bool IsRegistered(string modelId) => _adapters.ContainsKey(modelId);

    public string? DirectoryOf(string modelId) => _adapters.TryGetValue(modelId, out var a) ? a.Directory : null;
}

using Microsoft.Extensions.Options;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Server.Hosting;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// Makes a trained adapter (final or checkpoint) a model: served through <see cref="IAdapterRegistry"/> and
/// stored as a <see cref="FineTunedModelRecord"/> so that /v1/models lists it and DELETE removes it.
/// </summary>
public sealed class ModelPublisher(IAdapterRegistry registry, IMetadataStore store, JobPaths paths, TimeProvider clock, IOptions<ServerOptions> options)
{
    public string Organization => options.Value.Organization;

    public async Task PublishAsync(string modelId, FineTuningJobRecord job, string adapterDirectory)
    {
        registry.Register(modelId, job.BaseModelId, adapterDirectory);
        await store.FineTunedModels.AddAsync(new FineTunedModelRecord
        {
            Id = modelId, CreatedAt = clock.GetUtcNow().ToUnixTimeSeconds(), Owner = Organization,
            BaseModel = job.BaseModelId, AdapterPath = paths.Relative(adapterDirectory), JobId = job.Id,
        });
    }

    /// <summary>Takes back a model a cancelled job had just published.</summary>
    public async Task WithdrawAsync(string modelId)
    {
        registry.Unregister(modelId);
        await store.FineTunedModels.RemoveAsync(modelId);
    }

    /// <summary>Serves every stored fine-tuned model again (at start-up); returns the ones that could not be.</summary>
    public async Task<IReadOnlyList<(string Model, Exception Error)>> RegisterStoredAsync(CancellationToken ct)
    {
        var failed = new List<(string, Exception)>();
        var all = await store.FineTunedModels.ListAsync(new PageQuery(int.MaxValue - 1, NewestFirst: false), ct);
        foreach (var model in all.Items)
        {
            try { registry.Register(model.Id, model.BaseModel, paths.Absolute(model.AdapterPath)); }
            catch (Exception e) when (e is not OperationCanceledException) { failed.Add((model.Id, e)); } // one bad adapter must not stop the others
        }
        return failed;
    }
}

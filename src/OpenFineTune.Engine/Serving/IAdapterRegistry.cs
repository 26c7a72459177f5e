namespace OpenFineTune.Engine.Serving;

/// <summary>
/// LoRA adapters served as models of their own on top of a resident base model (fine-tuned `ft:` models,
/// their checkpoints, and `--adapter name=PATH` adapters trained elsewhere). The jobs layer registers what it
/// trains here; the generator resolves a model id through it.
/// </summary>
public interface IAdapterRegistry
{
    /// <summary>Serves the PEFT adapter directory under modelId on top of baseModelId (loaded lazily, LRU-unloaded).</summary>
    void Register(string modelId, string baseModelId, string adapterDirectory);

    /// <summary>Stops serving modelId and frees its weights; false when it was not registered.</summary>
    bool Unregister(string modelId);

    bool IsRegistered(string modelId);
}

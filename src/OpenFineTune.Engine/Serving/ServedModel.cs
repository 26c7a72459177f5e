using OpenFineTune.Engine.Serving.Adapters;

namespace OpenFineTune.Engine.Serving;

/// <summary>What a model id names: a resident base, optionally with a LoRA adapter applied on top.</summary>
public sealed record ServedModel(string Id, LoadedModel Base, AdapterRegistration? Adapter)
{
    public string Fingerprint => Adapter?.Fingerprint ?? Base.Fingerprint;
}

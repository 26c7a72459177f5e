using OpenFineTune.Engine.Models;
using TorchSharp.Modules;

namespace OpenFineTune.Engine.Serving.Adapters;

/// <summary>
/// The adapter a resident model applies during the current forward pass. The first time an adapter is used, every
/// Linear projection is wrapped in an <see cref="AdaptableLinear"/> that consults this slot, so the base weights
/// are shared by all adapters and never copied or changed. Forward passes on a model are serialized, so one slot
/// per model is enough.
/// </summary>
internal sealed class AdapterSlot(CausalLM model)
{
    bool _installed;

    public LoraWeights? Active { get; private set; }

    /// <summary>Module paths and [out, in] shapes of the projections an adapter may target.</summary>
    public IReadOnlyDictionary<string, (long Out, long In)> ProjectionShapes { get; } = model.ProjectionOwners()
        .SelectMany(o => o.Owner.Projections.Select(p => (Path: $"{o.Path}.{p.Key}", p.Value)))
        .ToDictionary(p => p.Path, p => Shape(p.Value));

    public T With<T>(LoraWeights? adapter, Func<T> step)
    {
        if (adapter is not null && !_installed) Install();
        Active = adapter;
        try { return step(); }
        finally { Active = null; }
    }

    void Install()
    {
        foreach (var (ownerPath, owner) in model.ProjectionOwners())
            foreach (var (name, projection) in owner.Projections.ToList())
                if (projection is Linear linear)
                    owner.ReplaceProjection(name, new AdaptableLinear(linear, $"{ownerPath}.{name}", this));
        _installed = true;
    }

    static (long, long) Shape(TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> projection) => projection switch
    {
        Linear linear => (linear.weight!.shape[0], linear.weight!.shape[1]),
        AdaptableLinear adaptable => adaptable.Shape,
        _ => (-1, -1),
    };
}

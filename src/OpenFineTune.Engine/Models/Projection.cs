using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>Builds the HF-named linear projections and swaps them for wrappers (LoRA, NF4).</summary>
static class Projection
{
    /// <summary>A Linear whose weight is allocated but not initialised: the checkpoint (or an explicit init) fills it.</summary>
    public static Linear Create(long inFeatures, long outFeatures, bool bias, ScalarType dtype, Device device)
    {
        var weight = new Parameter(empty([outFeatures, inFeatures], dtype, device), requires_grad: false);
        var b = bias ? new Parameter(zeros(outFeatures, dtype, device), requires_grad: false) : null;
        return nn.Linear(weight, b);
    }

    /// <summary>Points the module registry at the replacement so state_dict and named_modules see it.</summary>
    public static void Reregister(nn.Module owner, string name, nn.Module<Tensor, Tensor> replacement)
    {
        owner.register_module(name, null!); // TorchSharp refuses to register a name twice; null removes it first
        owner.register_module(name, replacement);
    }
}

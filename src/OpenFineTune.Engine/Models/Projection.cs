using OpenFineTune.Engine.Kernels;
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

    /// <summary>
    /// Runs a projection: a plain frozen Linear at decode size goes through <see cref="FastLinear"/>, anything else
    /// (LoRA/NF4/adapter wrappers, gradients, prefill, GPU) through its own forward. The module stays an nn.Linear,
    /// so its state_dict keys and the wrappers that look for Linear are unchanged.
    /// </summary>
    public static Tensor Forward(nn.Module<Tensor, Tensor> projection, Tensor x) =>
        projection is Linear { weight: { } weight } linear && FastLinear.Applies(x, weight, linear.bias)
            ? FastLinear.Forward(x, weight, linear.bias)
            : projection.forward(x);

    /// <summary>nn.functional.linear with the same fast path (the tied lm_head reads the embedding matrix).</summary>
    public static Tensor Linear(Tensor x, Tensor weight) =>
        FastLinear.Applies(x, weight, null) ? FastLinear.Forward(x, weight, null) : nn.functional.linear(x, weight);

    /// <summary>Points the module registry at the replacement so state_dict and named_modules see it.</summary>
    public static void Reregister(nn.Module owner, string name, nn.Module<Tensor, Tensor> replacement)
    {
        owner.register_module(name, null!); // TorchSharp refuses to register a name twice; null removes it first
        owner.register_module(name, replacement);
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// A block that owns linear projections named as in the Hugging Face checkpoint (q_proj, gate_proj, …).
/// LoRA and NF4 swap a projection for a wrapper through this, the way PEFT injects adapters by module name,
/// because a TorchSharp forward calls its fields, not the module registry.
/// </summary>
public interface IProjectionOwner
{
    /// <summary>The projections of this block, by their HF name (e.g. "q_proj").</summary>
    IReadOnlyDictionary<string, nn.Module<Tensor, Tensor>> Projections { get; }

    /// <summary>Replaces one projection (and its registered submodule) so forward uses the replacement.</summary>
    void ReplaceProjection(string name, nn.Module<Tensor, Tensor> replacement);
}

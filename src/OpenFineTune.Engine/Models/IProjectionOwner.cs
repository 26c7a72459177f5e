using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// A block that owns linear projections named as in the Hugging Face checkpoint (q_proj, gate_proj, …).
/// LoRA and NF4 swap a projection for a wrapper through this, the way PEFT injects adapters by module name,
/// because a TorchSharp forward calls its fields, not the module registry.
/// <see cref="Attention"/> (q/k/v/o_proj) and <see cref="Mlp"/> (gate/up/down_proj) implement it;
/// <see cref="CausalLM.ProjectionOwners"/> lists them with their HF module paths ("model.layers.0.self_attn").
/// The projections a loaded model starts with are <c>nn.Linear</c>s with frozen weights (requires_grad false).
/// </summary>
public interface IProjectionOwner
{
    /// <summary>The projections of this block, by their HF name (e.g. "q_proj").</summary>
    IReadOnlyDictionary<string, nn.Module<Tensor, Tensor>> Projections { get; }

    /// <summary>
    /// Replaces one projection (and its registered submodule) so forward uses the replacement; its parameters then
    /// appear under "&lt;path&gt;.&lt;name&gt;.…" in named_parameters(). An unknown name throws ArgumentException.
    /// </summary>
    void ReplaceProjection(string name, nn.Module<Tensor, Tensor> replacement);
}

using TorchSharp.Modules;

namespace OpenFineTune.Engine.Peft;

/// <summary>The adapters put on a model: each <see cref="LoraLinear"/> by module path, and the trainable tensors by PEFT key.</summary>
public sealed class LoraInjection
{
    internal LoraInjection(LoraSettings settings, IReadOnlyDictionary<string, LoraLinear> adapters)
    {
        Settings = settings;
        Adapters = adapters;
        TrainableParameters = adapters
            .SelectMany(a => new[]
            {
                (Key: PeftNames.Key(a.Key, LoraLinear.LoraAWeight), Value: a.Value.LoraA),
                (Key: PeftNames.Key(a.Key, LoraLinear.LoraBWeight), Value: a.Value.LoraB),
            })
            .ToDictionary(p => p.Key, p => p.Value);
    }

    public LoraSettings Settings { get; }

    /// <summary>Module path (e.g. "model.layers.0.self_attn.q_proj") → its LoRA wrapper, in model order.</summary>
    public IReadOnlyDictionary<string, LoraLinear> Adapters { get; }

    /// <summary>PEFT key (e.g. "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight") → parameter.</summary>
    public IReadOnlyDictionary<string, Parameter> TrainableParameters { get; }

    /// <summary>
    /// W + s·B·A for every adapted projection, keyed by the base checkpoint's name
    /// ("model.layers.0.self_attn.q_proj.weight"): what a merged export or an equivalence check needs. Caller disposes.
    /// </summary>
    public IEnumerable<(string WeightKey, TorchSharp.torch.Tensor Merged)> MergedWeights() =>
        Adapters.Select(a => ($"{a.Key}.weight", a.Value.Merge()));

    /// <summary>Every adapter draws its dropout masks from <paramref name="generator"/> (see <see cref="LoraLinear.DropoutGenerator"/>).</summary>
    public void UseDropoutGenerator(TorchSharp.torch.Generator generator)
    {
        foreach (var adapter in Adapters.Values) adapter.DropoutGenerator = generator;
    }

    /// <summary>Total bytes of the quantized base weights under the adapters (0 for plain LoRA).</summary>
    public long QuantizedBaseBytes => Adapters.Values.Select(a => a.BaseLayer).OfType<Nf4Linear>().Sum(n => n.WeightStorageBytes);
}

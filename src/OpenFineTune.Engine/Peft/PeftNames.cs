namespace OpenFineTune.Engine.Peft;

/// <summary>
/// PEFT's key names: a model wrapped by PeftModelForCausalLM saves its LoRA tensors under
/// <c>base_model.model.{module path}.lora_A.weight</c> (the adapter name "default" is stripped on save).
/// </summary>
public static class PeftNames
{
    public const string Prefix = "base_model.model.";

    /// <summary>"model.layers.0.self_attn.q_proj" + "lora_A.weight" → the PEFT key.</summary>
    public static string Key(string modulePath, string tensorName) => $"{Prefix}{modulePath}.{tensorName}";

    /// <summary>The module path and tensor name of a PEFT key, accepting the in-memory ".default." form too.</summary>
    public static (string ModulePath, string TensorName) Parse(string key)
    {
        var name = key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : key;
        name = name.Replace(".lora_A.default.", ".lora_A.").Replace(".lora_B.default.", ".lora_B.");
        foreach (var tensorName in new[] { LoraLinear.LoraAWeight, LoraLinear.LoraBWeight })
            if (name.EndsWith("." + tensorName, StringComparison.Ordinal))
                return (name[..^(tensorName.Length + 1)], tensorName);
        throw new FormatException($"adapter tensor \"{key}\": expected a name ending in .lora_A.weight or .lora_B.weight.");
    }
}

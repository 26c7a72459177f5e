namespace OpenFineTune.Engine.Models;

/// <summary>The checks a config.json must pass before a model is built from it.</summary>
static class DecoderConfigRules
{
    public static string? FindProblem(DecoderConfig c)
    {
        if (c.Architectures.Count == 0) return "\"architectures\" is missing; expected e.g. [\"LlamaForCausalLM\"]";
        if (ModelFamily.Find(c.Architecture) is null)
            return $"architecture \"{c.Architecture}\" is not supported (supported: {string.Join(", ", ModelFamily.All.Select(f => f.Architecture))})";
        return MissingSize(c) ?? ShapeProblem(c) ?? OptionProblem(c);
    }

    static string? MissingSize(DecoderConfig c)
    {
        (string Key, int Value)[] sizes =
        [
            ("vocab_size", c.VocabSize), ("hidden_size", c.HiddenSize), ("intermediate_size", c.IntermediateSize),
            ("num_hidden_layers", c.NumHiddenLayers), ("num_attention_heads", c.NumAttentionHeads),
        ];
        var bad = sizes.FirstOrDefault(s => s.Value <= 0);
        return bad.Key is null ? null : $"\"{bad.Key}\" is missing or not positive (got {bad.Value})";
    }

    static string? ShapeProblem(DecoderConfig c)
    {
        if (c.KeyValueHeads <= 0 || c.NumAttentionHeads % c.KeyValueHeads != 0)
            return $"num_attention_heads ({c.NumAttentionHeads}) must be a multiple of num_key_value_heads ({c.KeyValueHeads})";
        if (c.HeadDim is null && c.HiddenSize % c.NumAttentionHeads != 0)
            return $"hidden_size ({c.HiddenSize}) is not divisible by num_attention_heads ({c.NumAttentionHeads}) and head_dim is not given";
        if (c.HeadDimension % 2 != 0) return $"head_dim must be even for rotary embeddings (got {c.HeadDimension})";
        return null;
    }

    static string? OptionProblem(DecoderConfig c)
    {
        if (c.HiddenAct != "silu") return $"hidden_act \"{c.HiddenAct}\" is not supported (only silu)";
        if (c.RmsNormEps <= 0) return $"rms_norm_eps must be positive (got {c.RmsNormEps})";
        if (c.RopeTheta <= 0) return $"rope_theta must be positive (got {c.RopeTheta})";
        if (c.Family.SlidingWindowNeedsFlag && c.UseSlidingWindow == true)
            return "use_sliding_window true is not supported for this architecture (Qwen applies it to only some layers); released Qwen2.5/Qwen3 configs set it false";
        if (c.EffectiveSlidingWindow is <= 0) return $"sliding_window must be positive (got {c.SlidingWindow})";
        return c.RopeScaling?.Problem();
    }
}

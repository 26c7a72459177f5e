using OpenFineTune.Engine.Models.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// Strict loading: every parameter of the module must be in the checkpoint with the same shape, and every
/// checkpoint tensor must belong to a parameter. All problems are reported together, by key.
/// </summary>
public static class StateDictLoader
{
    /// <summary>Keys HF itself skips: non-persistent RoPE buffers of old checkpoints, and a saved copy of a tied head.</summary>
    static bool Ignorable(string key, bool tied) =>
        key.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal) || (tied && key == "lm_head.weight");

    public static void Load(nn.Module module, ITensorSource source, string where, bool tiedEmbeddings = false)
    {
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var problems = Problems(parameters, source, tiedEmbeddings);
        if (problems.Count > 0) throw new ModelLoadException(where, "weights do not match the model: " + string.Join("; ", problems));
        foreach (var (name, parameter) in parameters) source.CopyInto(name, parameter);
    }

    static List<string> Problems(Dictionary<string, TorchSharp.Modules.Parameter> parameters, ITensorSource source, bool tied)
    {
        var problems = new List<string>();
        var missing = parameters.Keys.Where(k => !source.Names.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = source.Names.Where(k => !parameters.ContainsKey(k) && !Ignorable(k, tied)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0) problems.Add($"missing keys: {Listed(missing)}");
        if (unexpected.Count > 0) problems.Add($"unexpected keys: {Listed(unexpected)}");
        foreach (var (name, parameter) in parameters.Where(p => source.Names.Contains(p.Key)))
        {
            var entry = source.Entry(name);
            if (!entry.Shape.SequenceEqual(parameter.shape))
                problems.Add($"{name} has shape {entry.ShapeText} in the checkpoint but the model expects [{string.Join(", ", parameter.shape)}]");
        }
        return problems;
    }

    static string Listed(List<string> keys) =>
        keys.Count <= 12 ? string.Join(", ", keys) : string.Join(", ", keys.Take(12)) + $" and {keys.Count - 12} more";
}

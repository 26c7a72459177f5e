namespace OpenFineTune.Engine.Models.Hub;

/// <summary>
/// The files of a hub repository that serving reads: configs, safetensors weights (the <c>model*</c> ones when present,
/// so Mistral's duplicate consolidated.safetensors is skipped), tokenizer and chat-template files. Sub-folders and other
/// weight formats (.bin, .gguf, onnx, …) are left on the hub.
/// </summary>
public static class HubFileSelection
{
    static readonly HashSet<string> Named = new(StringComparer.Ordinal)
    {
        "config.json", "generation_config.json", "model.safetensors.index.json",
        "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
        "vocab.json", "merges.txt", "tokenizer.model", "tokenizer.model.v3",
        "chat_template.jinja", "chat_template.json",
    };

    public static IReadOnlyList<string> ServingFiles(IEnumerable<string> repoFiles)
    {
        var topLevel = repoFiles.Where(f => !f.Contains('/')).ToList();
        var weights = topLevel.Where(f => f.EndsWith(".safetensors", StringComparison.Ordinal)).ToList();
        var modelWeights = weights.Where(f => f.StartsWith("model", StringComparison.Ordinal)).ToList();
        return topLevel.Where(Named.Contains).Concat(modelWeights.Count > 0 ? modelWeights : weights).Order(StringComparer.Ordinal).ToList();
    }
}

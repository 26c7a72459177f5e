using OpenFineTune.Engine.Models.Safetensors;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// Reads and writes HF model directories: config.json, generation_config.json and model.safetensors
/// (or shards with model.safetensors.index.json). Tokenizer files are left to the tokenizer loader.
/// </summary>
public static class ModelDirectory
{
    public const string ConfigFile = "config.json";
    public const string GenerationConfigFile = "generation_config.json";

    /// <summary>
    /// Loads the model in <paramref name="directory"/> with dtype "auto" (as saved), "float32", "bfloat16" or "float16".
    /// Any problem with the files is a <see cref="ModelLoadException"/> naming the file.
    /// </summary>
    public static CausalLM Load(string directory, string dtype = "auto", Device? device = null)
    {
        if (!Directory.Exists(directory)) throw new ModelLoadException(directory, "model directory not found");
        var config = DecoderConfig.Load(Path.Combine(directory, ConfigFile));
        var generation = GenerationConfig.Load(directory, config);
        using var weights = SafetensorsCheckpoint.Open(directory);
        var model = new CausalLM(config, ModelDType.Resolve(dtype, config), device) { Generation = generation };
        try
        {
            StateDictLoader.Load(model, weights, Path.Combine(directory, SafetensorsCheckpoint.SingleFile), config.TieWordEmbeddings);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }

    /// <summary>
    /// Writes <paramref name="model"/> as an ordinary HF directory (config.json, generation_config.json,
    /// model.safetensors), in <paramref name="dtype"/> or the model's own dtype.
    /// </summary>
    public static void Save(CausalLM model, string directory, ScalarType? dtype = null)
    {
        Directory.CreateDirectory(directory);
        var saved = dtype ?? model.DType;
        (model.Config with { TorchDtype = ModelDType.HfName(saved), Dtype = null }).Save(Path.Combine(directory, ConfigFile));
        model.Generation.Save(Path.Combine(directory, GenerationConfigFile));
        var tensors = model.named_parameters().Select(p => KeyValuePair.Create(p.name, (Tensor)p.parameter));
        SafetensorsWriter.Write(Path.Combine(directory, SafetensorsCheckpoint.SingleFile), tensors, saved,
            new Dictionary<string, string> { ["format"] = "pt" });
    }
}

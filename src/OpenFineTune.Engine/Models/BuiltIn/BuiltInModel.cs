using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models.BuiltIn;

/// <summary>
/// The model served when no --model is given: a small random Llama made from a fixed seed and written once as an
/// ordinary HF directory, so it goes through the same loading, templating, generation and training code as a real
/// one. Its weights are random, so it knows nothing until fine-tuned. Shape and initialisation follow
/// shared/docs/builtin-model-notes.md ("a recipe that worked every time"): the wide lm_head (std 0.2) is what
/// lets LoRA alone learn on a frozen random base.
/// </summary>
public static class BuiltInModel
{
    public const string Id = "openfinetune-tiny";
    public const string Description = "Built-in 0.9M-parameter Llama with random weights and a byte-level tokenizer: it knows nothing until fine-tuned.";
    public const long Seed = 20240611;
    const int ContextLength = 2048;

    public static DecoderConfig Config { get; } = new()
    {
        Architectures = ["LlamaForCausalLM"], ModelType = "llama",
        VocabSize = 256 + BuiltInTokenizerFiles.Specials.Length, HiddenSize = 128, IntermediateSize = 384,
        NumHiddenLayers = 4, NumAttentionHeads = 4, NumKeyValueHeads = 4, HeadDim = 32,
        MaxPositionEmbeddings = ContextLength, RmsNormEps = 1e-5, RopeTheta = 10000.0, TieWordEmbeddings = false,
        BosTokenId = BuiltInTokenizerFiles.IdOf(BuiltInTokenizerFiles.EndOfText),
        EosTokenId = [BuiltInTokenizerFiles.IdOf(BuiltInTokenizerFiles.ImEnd)],
        InitializerRange = 0.02, TorchDtype = "float32",
    };

    /// <summary>
    /// The model's directory under <paramref name="dataDir"/> (models/openfinetune-tiny), created on first call.
    /// It is written to a temporary folder and renamed, so a crash never leaves a half-written model behind.
    /// </summary>
    public static string EnsureCreated(string dataDir)
    {
        var directory = Path.Combine(dataDir, "models", Id);
        if (File.Exists(Path.Combine(directory, ModelDirectory.ConfigFile))) return directory;
        var partial = directory + ".partial-" + Environment.ProcessId;
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        Write(partial);
        try
        {
            Directory.Move(partial, directory);
        }
        catch (IOException) when (File.Exists(Path.Combine(directory, ModelDirectory.ConfigFile)))
        {
            Directory.Delete(partial, recursive: true); // another process created it first; theirs is identical
        }
        return directory;
    }

    /// <summary>Writes the model files to <paramref name="directory"/>; the same bytes every time.</summary>
    public static void Write(string directory)
    {
        var generation = new GenerationConfig { BosTokenId = Config.BosTokenId, EosTokenId = Config.EosTokenId, PadTokenId = Config.BosTokenId };
        using (var model = new CausalLM(Config, ScalarType.Float32, CPU) { Generation = generation })
        {
            WeightInit.Normal(model, Seed, std: 0.02, headStd: 0.2);
            ModelDirectory.Save(model, directory);
        }
        BuiltInTokenizerFiles.Write(directory, ContextLength);
    }
}

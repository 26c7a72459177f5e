using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.Safetensors;
using OpenFineTune.Engine.Peft;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Serving.Adapters;

/// <summary>One adapted projection: A [r, in] and B' = scaling·B [out, r], in the base model's dtype and device.</summary>
internal sealed record LoraPair(Tensor A, Tensor ScaledB);

/// <summary>
/// A PEFT adapter's tensors, loaded for serving on a resident base (adapter_config.json + adapter_model.safetensors).
/// Unsupported settings (DoRA, bias, modules_to_save, …) and tensors that do not fit the base are errors naming the file.
/// </summary>
internal sealed class LoraWeights : IDisposable
{
    readonly Dictionary<string, LoraPair> _pairs;

    LoraWeights(Dictionary<string, LoraPair> pairs) => _pairs = pairs;

    public long Bytes => _pairs.Values.Sum(p => p.A.NumberOfElements * p.A.ElementSize + p.ScaledB.NumberOfElements * p.ScaledB.ElementSize);

    public bool IsDisposed { get; private set; }

    public LoraPair? Find(string modulePath) => _pairs.GetValueOrDefault(modulePath);

    public static LoraWeights Load(string directory, CausalLM model, IReadOnlyDictionary<string, (long Out, long In)> projections)
    {
        var settings = PeftAdapter.ReadConfig(directory).ToSettings(Path.Combine(directory, PeftAdapter.ConfigFile), BaseQuantization.None);
        var weightsPath = Path.Combine(directory, PeftAdapter.WeightsFile);
        using var file = new SafetensorsFile(weightsPath);
        var byPath = GroupByModule(file, weightsPath);
        CheckModules(weightsPath, byPath, projections, TargetPaths(settings, projections.Keys));
        var pairs = new Dictionary<string, LoraPair>();
        try
        {
            foreach (var (path, keys) in byPath)
                pairs[path] = ReadPair(file, keys, projections[path], settings, model);
        }
        catch
        {
            foreach (var p in pairs.Values) { p.A.Dispose(); p.ScaledB.Dispose(); }
            throw;
        }
        return new LoraWeights(pairs);
    }

    static Dictionary<string, (string? A, string? B)> GroupByModule(SafetensorsFile file, string weightsPath)
    {
        var byPath = new Dictionary<string, (string? A, string? B)>();
        foreach (var key in file.Names)
        {
            (string path, string tensor) parsed;
            try { parsed = PeftNames.Parse(key); }
            catch (FormatException e) { throw new ModelLoadException(weightsPath, e.Message, e); }
            var (a, b) = byPath.GetValueOrDefault(parsed.path);
            byPath[parsed.path] = parsed.tensor == LoraLinear.LoraAWeight ? (key, b) : (a, key);
        }
        return byPath;
    }

    static void CheckModules(string file, Dictionary<string, (string? A, string? B)> byPath,
        IReadOnlyDictionary<string, (long, long)> projections, IReadOnlyList<string> targets)
    {
        if (byPath.Count == 0) throw new ModelLoadException(file, "holds no lora_A/lora_B tensors");
        var unknown = byPath.Keys.Where(p => !projections.ContainsKey(p)).Order().ToList();
        if (unknown.Count > 0) throw new ModelLoadException(file, $"{unknown.Count} adapted module(s) do not exist in the base model: {string.Join(", ", unknown.Take(5))}");
        var incomplete = byPath.Where(p => p.Value.A is null || p.Value.B is null).Select(p => p.Key).Order().ToList();
        if (incomplete.Count > 0) throw new ModelLoadException(file, $"lora_A/lora_B pair incomplete for: {string.Join(", ", incomplete.Take(5))}");
        var missing = targets.Where(t => !byPath.ContainsKey(t)).ToList();
        if (missing.Count > 0) throw new ModelLoadException(file, $"missing tensors for {missing.Count} target module(s) of adapter_config.json: {string.Join(", ", missing.Take(5))}");
    }

    // PEFT's matching over the shapes recorded at load, so a running forward pass is never walked concurrently.
    static List<string> TargetPaths(LoraSettings settings, IEnumerable<string> paths)
    {
        var targets = settings.NormalizedTargets();
        return paths.Where(p => targets.Any(t => LoraSettings.Matches(t, p))).ToList();
    }

    static LoraPair ReadPair(SafetensorsFile file, (string? A, string? B) keys, (long Out, long In) shape, LoraSettings settings, CausalLM model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = empty([settings.Rank, shape.In], ScalarType.Float32);
        var b = empty([shape.Out, settings.Rank], ScalarType.Float32);
        file.CopyInto(keys.A!, a);
        file.CopyInto(keys.B!, b);
        using var scaling = settings.Scaling.ToScalar(); // kept alive across the call (TorchSharp Scalar pitfall)
        var scaledB = b.mul(scaling);
        var pair = new LoraPair(a.to(model.DType, model.Device).DetachFromDisposeScope(), scaledB.to(model.DType, model.Device).DetachFromDisposeScope());
        return pair;
    }

    public void Dispose()
    {
        if (IsDisposed) return;
        IsDisposed = true;
        foreach (var p in _pairs.Values) { p.A.Dispose(); p.ScaledB.Dispose(); }
    }
}

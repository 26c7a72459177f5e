using System.Text.Json;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models.Safetensors;

/// <summary>
/// The weights of a HF model directory: <c>model.safetensors</c>, or the shards listed by
/// <c>model.safetensors.index.json</c> (its <c>weight_map</c> says which shard holds each tensor).
/// </summary>
public sealed class SafetensorsCheckpoint : ITensorSource
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    readonly Dictionary<string, SafetensorsFile> _fileOf;
    readonly List<SafetensorsFile> _files;

    SafetensorsCheckpoint(List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> fileOf) => (_files, _fileOf) = (files, fileOf);

    public IReadOnlyCollection<string> Names => _fileOf.Keys;

    public static SafetensorsCheckpoint Open(string directory)
    {
        var index = System.IO.Path.Combine(directory, IndexFile);
        if (File.Exists(index)) return OpenSharded(directory, index);
        var single = System.IO.Path.Combine(directory, SingleFile);
        if (!File.Exists(single))
            throw new ModelLoadException(directory, $"no weights: neither {SingleFile} nor {IndexFile} is there");
        var file = new SafetensorsFile(single);
        return new SafetensorsCheckpoint([file], file.Names.ToDictionary(n => n, _ => file));
    }

    static SafetensorsCheckpoint OpenSharded(string directory, string index)
    {
        var shardOf = ReadWeightMap(index);
        var files = new Dictionary<string, SafetensorsFile>();
        try
        {
            foreach (var shard in shardOf.Values.Distinct().Order(StringComparer.Ordinal))
                files[shard] = new SafetensorsFile(System.IO.Path.Combine(directory, shard));
            foreach (var (name, shard) in shardOf)
                if (!files[shard].Names.Contains(name))
                    throw new ModelLoadException(files[shard].Path, $"tensor \"{name}\" is listed for this shard in {IndexFile} but is not in it");
        }
        catch
        {
            foreach (var f in files.Values) f.Dispose();
            throw;
        }
        return new SafetensorsCheckpoint([.. files.Values], shardOf.ToDictionary(kv => kv.Key, kv => files[kv.Value]));
    }

    static Dictionary<string, string> ReadWeightMap(string index)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(index));
            if (!doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new ModelLoadException(index, "\"weight_map\" is missing or not an object");
            return map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ModelLoadException(index, $"not a valid index file: {e.Message}", e);
        }
    }

    public SafetensorsEntry Entry(string name) => FileHolding(name).Entry(name);

    public void CopyInto(string name, Tensor target) => FileHolding(name).CopyInto(name, target);

    SafetensorsFile FileHolding(string name) =>
        _fileOf.TryGetValue(name, out var f) ? f : throw new KeyNotFoundException($"no tensor named \"{name}\" in the checkpoint");

    public void Dispose()
    {
        foreach (var f in _files) f.Dispose();
    }
}

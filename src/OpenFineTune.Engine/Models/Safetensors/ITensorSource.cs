using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models.Safetensors;

/// <summary>Named tensors on disk (one safetensors file, or the shards of a checkpoint), read on demand.</summary>
public interface ITensorSource : IDisposable
{
    IReadOnlyCollection<string> Names { get; }

    SafetensorsEntry Entry(string name);

    /// <summary>Copies the stored tensor into <paramref name="target"/> (same shape; any dtype and device).</summary>
    void CopyInto(string name, Tensor target);
}

public static class TensorSourceExtensions
{
    /// <summary>A new tensor with the stored values, converted to <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    public static Tensor Read(this ITensorSource source, string name, ScalarType? dtype = null, Device? device = null)
    {
        var entry = source.Entry(name);
        var tensor = empty(entry.Shape, dtype ?? entry.DType, device ?? CPU);
        source.CopyInto(name, tensor);
        return tensor;
    }
}

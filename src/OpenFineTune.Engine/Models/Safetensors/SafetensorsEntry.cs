using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models.Safetensors;

/// <summary>One tensor of a safetensors file: its dtype, shape and absolute byte range in the file.</summary>
public sealed record SafetensorsEntry(string Name, string DTypeName, ScalarType DType, long[] Shape, long Begin, long End)
{
    public long ByteLength => End - Begin;

    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

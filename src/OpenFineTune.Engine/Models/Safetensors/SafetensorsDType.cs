using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models.Safetensors;

/// <summary>The safetensors dtype names (https://github.com/huggingface/safetensors) and their libtorch types.</summary>
public static class SafetensorsDType
{
    static readonly (string Name, ScalarType Type, int Size)[] Known =
    [
        ("F32", ScalarType.Float32, 4), ("F16", ScalarType.Float16, 2), ("BF16", ScalarType.BFloat16, 2),
        ("F64", ScalarType.Float64, 8), ("I64", ScalarType.Int64, 8), ("I32", ScalarType.Int32, 4),
        ("I16", ScalarType.Int16, 2), ("I8", ScalarType.Int8, 1), ("U8", ScalarType.Byte, 1), ("BOOL", ScalarType.Bool, 1),
    ];

    public static bool TryParse(string name, out ScalarType type, out int elementSize)
    {
        foreach (var k in Known)
            if (k.Name == name) { (type, elementSize) = (k.Type, k.Size); return true; }
        (type, elementSize) = (default, 0);
        return false;
    }

    public static string NameOf(ScalarType type) =>
        Known.FirstOrDefault(k => k.Type == type).Name ?? throw new ArgumentException($"dtype {type} cannot be written to safetensors");

    public static int SizeOf(ScalarType type) =>
        Known.FirstOrDefault(k => k.Type == type).Size is var s and > 0 ? s : throw new ArgumentException($"dtype {type} is not a safetensors dtype");
}

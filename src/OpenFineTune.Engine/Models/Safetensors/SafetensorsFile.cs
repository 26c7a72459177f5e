using System.IO.MemoryMappedFiles;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models.Safetensors;

/// <summary>
/// A memory-mapped safetensors file. Tensors are copied from the mapping straight into their destination
/// (through a bounded staging buffer only when dtype or device differ), so weights are never held twice.
/// </summary>
public sealed unsafe class SafetensorsFile : ITensorSource
{
    const long StagingBytes = 64L << 20; // bounds the temporary used for dtype/device conversion

    readonly MemoryMappedFile _map;
    readonly MemoryMappedViewAccessor _view;
    readonly byte* _base;
    readonly Dictionary<string, SafetensorsEntry> _entries;

    public string Path { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public IReadOnlyCollection<string> Names => _entries.Keys;

    public SafetensorsFile(string path)
    {
        Path = path;
        if (!File.Exists(path)) throw new ModelLoadException(path, "file not found");
        (_entries, var metadata) = SafetensorsHeader.Read(path);
        Metadata = metadata;
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
    }

    public SafetensorsEntry Entry(string name) =>
        _entries.TryGetValue(name, out var e) ? e : throw new KeyNotFoundException($"{Path}: no tensor named \"{name}\"");

    public void CopyInto(string name, Tensor target)
    {
        var entry = Entry(name);
        if (!target.shape.SequenceEqual(entry.Shape))
            throw new ModelLoadException(Path, $"tensor \"{name}\" has shape {entry.ShapeText}, expected [{string.Join(", ", target.shape)}]");
        if (entry.ElementCount == 0) return;
        using var noGrad = no_grad();
        if (CanCopyDirectly(entry, target)) new ReadOnlySpan<byte>(_base + entry.Begin, (int)entry.ByteLength).CopyTo(target.bytes);
        else CopyThroughStaging(entry, target);
    }

    static bool CanCopyDirectly(SafetensorsEntry entry, Tensor target) =>
        target.device_type == DeviceType.CPU && target.dtype == entry.DType && target.is_contiguous() && entry.ByteLength <= int.MaxValue;

    // Copies whole rows (along dim 0) a chunk at a time; copy_ converts dtype and moves to the target device.
    void CopyThroughStaging(SafetensorsEntry entry, Tensor target)
    {
        var flat = entry.Shape.Length == 0 ? new long[] { 1 } : entry.Shape;
        var rows = flat[0];
        var rowBytes = entry.ByteLength / rows;
        var chunkRows = Math.Max(1, StagingBytes / Math.Max(1, rowBytes));
        using var destination = target.view(flat);
        for (long r = 0; r < rows; r += chunkRows)
        {
            var n = Math.Min(chunkRows, rows - r);
            using var staging = empty([n, .. flat[1..]], entry.DType);
            new ReadOnlySpan<byte>(_base + entry.Begin + r * rowBytes, checked((int)(n * rowBytes))).CopyTo(staging.bytes);
            using var slice = destination.narrow(0, r, n);
            slice.copy_(staging);
        }
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}

using System.Buffers.Binary;
using System.Text.Json;

namespace OpenFineTune.Engine.Models.Safetensors;

/// <summary>
/// Parses the header of a safetensors file: 8-byte little-endian length, then a JSON object mapping each tensor
/// name to dtype, shape and data_offsets (relative to the end of the header). Every inconsistency names the file.
/// </summary>
static class SafetensorsHeader
{
    public static (Dictionary<string, SafetensorsEntry> Entries, Dictionary<string, string> Metadata) Read(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        if (file.Length < 8 || file.Read(lengthBytes) != 8)
            throw new ModelLoadException(path, $"not a safetensors file: {file.Length} bytes, too short for a header");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(file.Length - 8) || headerLength > 100_000_000)
            throw new ModelLoadException(path, $"not a safetensors file (or truncated): header length {headerLength} does not fit a {file.Length}-byte file");
        var json = new byte[headerLength];
        file.ReadExactly(json);
        return Parse(path, json, dataStart: 8 + (long)headerLength, fileLength: file.Length);
    }

    static (Dictionary<string, SafetensorsEntry>, Dictionary<string, string>) Parse(string path, byte[] json, long dataStart, long fileLength)
    {
        var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>();
        try
        {
            using var doc = JsonDocument.Parse(json);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                    foreach (var m in property.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString() ?? "";
                else
                    entries[property.Name] = ToEntry(path, property.Name, property.Value, dataStart, fileLength);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new ModelLoadException(path, $"safetensors header is not valid: {e.Message}", e);
        }
        return (entries, metadata);
    }

    static SafetensorsEntry ToEntry(string path, string name, JsonElement e, long dataStart, long fileLength)
    {
        var dtypeName = e.GetProperty("dtype").GetString() ?? "";
        if (!SafetensorsDType.TryParse(dtypeName, out var dtype, out var size))
            throw new ModelLoadException(path, $"tensor \"{name}\" has dtype \"{dtypeName}\", which is not supported (F32, F16, BF16, F64, integer, BOOL)");
        var shape = e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var offsets = e.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var entry = new SafetensorsEntry(name, dtypeName, dtype, shape, dataStart + offsets[0], dataStart + offsets[1]);
        if (offsets.Length != 2 || entry.Begin > entry.End || entry.End > fileLength)
            throw new ModelLoadException(path, $"tensor \"{name}\" has data_offsets [{string.Join(", ", offsets)}] outside the file's {fileLength - dataStart} data bytes (truncated file?)");
        if (entry.ByteLength != entry.ElementCount * size)
            throw new ModelLoadException(path, $"tensor \"{name}\" has {entry.ByteLength} bytes but shape {entry.ShapeText} of {dtypeName} needs {entry.ElementCount * size}");
        return entry;
    }
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models.Safetensors;

/// <summary>
/// Writes tensors as one safetensors file (F32, F16 or BF16, or each tensor's own dtype). Tensors are ordered by
/// name and the header padded to 8 bytes, so the same tensors always give the same bytes.
/// </summary>
public static class SafetensorsWriter
{
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors,
        ScalarType? dtype = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = tensors.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var header = Header(ordered, dtype, metadata);
        var temporary = path + ".partial";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var (_, tensor) in ordered) WriteData(stream, tensor, dtype ?? tensor.dtype);
        }
        File.Move(temporary, path, overwrite: true);
    }

    static byte[] Header(List<KeyValuePair<string, Tensor>> ordered, ScalarType? dtype, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 }) WriteMetadata(json, metadata);
            long offset = 0;
            foreach (var (name, tensor) in ordered)
            {
                var type = dtype ?? tensor.dtype;
                var bytes = tensor.numel() * SafetensorsDType.SizeOf(type);
                json.WriteStartObject(name);
                json.WriteString("dtype", SafetensorsDType.NameOf(type));
                json.WriteStartArray("shape");
                foreach (var d in tensor.shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += bytes);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        var padding = (8 - buffer.Length % 8) % 8; // the format pads the header with spaces to 8-byte alignment
        buffer.Write(Encoding.ASCII.GetBytes(new string(' ', (int)padding)));
        return buffer.ToArray();
    }

    static void WriteMetadata(Utf8JsonWriter json, IReadOnlyDictionary<string, string> metadata)
    {
        json.WriteStartObject("__metadata__");
        foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal)) json.WriteString(key, value);
        json.WriteEndObject();
    }

    static void WriteData(Stream stream, Tensor tensor, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().to(dtype, CPU).contiguous();
        const long chunk = 1L << 30; // Span is int-sized; write big tensors in slices
        var flat = cpu.view(-1);
        var perChunk = chunk / SafetensorsDType.SizeOf(dtype);
        for (long start = 0; start < flat.numel(); start += perChunk)
            stream.Write(flat.narrow(0, start, Math.Min(perChunk, flat.numel() - start)).bytes);
    }
}

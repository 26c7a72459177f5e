namespace OpenFineTune.Engine.Tokenization;

/// <summary>A protobuf field value: a number (varint or fixed) or a length-delimited byte run.</summary>
internal readonly record struct ProtoValue(ulong Number, byte[]? Bytes);

/// <summary>Minimal protobuf wire-format reader (varint, fixed32/64, length-delimited).</summary>
internal static class ProtoWire
{
    public static IEnumerable<(int Field, ProtoValue Value)> Fields(byte[] data)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            ulong key = ReadVarint(data, ref pos);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            ProtoValue value = wire switch
            {
                0 => new ProtoValue(ReadVarint(data, ref pos), null),
                1 when pos + 8 <= data.Length => new ProtoValue(BitConverter.ToUInt64(data, (pos += 8) - 8), null),
                2 => ReadBytes(data, ref pos),
                5 when pos + 4 <= data.Length => new ProtoValue(BitConverter.ToUInt32(data, (pos += 4) - 4), null),
                _ => throw new InvalidDataException($"protobuf wire type {wire} at byte {pos} is not supported or truncated"),
            };
            yield return (field, value);
        }
    }

    static ProtoValue ReadBytes(byte[] data, ref int pos)
    {
        ulong length = ReadVarint(data, ref pos);
        if (length > (ulong)(data.Length - pos)) throw new InvalidDataException($"protobuf field runs past the end (byte {pos})");
        var bytes = data.AsSpan(pos, (int)length).ToArray();
        pos += (int)length;
        return new ProtoValue(0, bytes);
    }

    static ulong ReadVarint(byte[] data, ref int pos)
    {
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (pos >= data.Length || shift > 63) throw new InvalidDataException("protobuf varint runs past the end or is too long");
            byte b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
    }
}

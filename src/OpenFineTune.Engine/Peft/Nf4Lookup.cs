using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Peft;

/// <summary>
/// Decodes packed NF4 bytes with one gather: a 256-row table holds the (high, low) nibble values of every byte,
/// so dequantizing is an index_select instead of shifts, masks and a second lookup.
/// </summary>
static class Nf4Lookup
{
    static readonly ConcurrentDictionary<string, Tensor> TablesByDevice = new();

    /// <summary>Float32 [2·bytes]: the NF4 values of each byte's high then low nibble.</summary>
    public static Tensor PairValues(Tensor packed) =>
        Table(packed.device).index_select(0, packed.to(ScalarType.Int32)).reshape(-1);

    static Tensor Table(Device device) => TablesByDevice.GetOrAdd(device.ToString(), _ => BuildTable(device));

    static Tensor BuildTable(Device device)
    {
        var values = new float[256 * 2];
        for (var b = 0; b < 256; b++)
        {
            values[2 * b] = Nf4CodeBook.Values[b >> 4];
            values[2 * b + 1] = Nf4CodeBook.Values[b & 0xF];
        }
        // Process-lifetime constant shared by all NF4 weights on this device.
        return tensor(values, device: device).reshape(256, 2).DetachFromDisposeScope();
    }
}

using static TorchSharp.torch;

namespace OpenFineTune.Engine.Training;

/// <summary>
/// Pads examples on the right into one micro-batch: inputs [B, T] and, for the causal shift, targets and loss
/// mask [B, T-1]. Right padding needs no attention mask: under the causal mask a real token only sees earlier
/// real tokens, and what pad positions compute is masked out of the loss.
/// </summary>
public static class Collator
{
    /// <summary>Splits a batch into micro-batches of at most <paramref name="maxTokens"/> padded tokens (at least one example each).</summary>
    public static List<List<SftExample>> MicroBatches(IEnumerable<SftExample> batch, int maxTokens)
    {
        var micro = new List<List<SftExample>>();
        foreach (var example in batch)
        {
            var current = micro.Count > 0 ? micro[^1] : null;
            var longest = Math.Max(example.Length, current?.Max(e => e.Length) ?? 0);
            if (current is null || (current.Count + 1) * longest > maxTokens) micro.Add([example]);
            else current.Add(example);
        }
        return micro;
    }

    public static (Tensor Inputs, Tensor Targets, Tensor Mask) Collate(IReadOnlyList<SftExample> examples, Device device)
    {
        var length = examples.Max(e => e.Length);
        var ids = new long[examples.Count * length];
        var mask = new float[examples.Count * length];
        for (int b = 0; b < examples.Count; b++)
            for (int t = 0; t < examples[b].Length; t++)
            {
                ids[b * length + t] = examples[b].InputIds[t];
                mask[b * length + t] = examples[b].Trained[t] ? 1f : 0f;
            }
        var inputs = tensor(ids, [examples.Count, length], device: device);
        var trained = tensor(mask, [examples.Count, length], device: device);
        return (inputs, inputs[.., 1..], trained[.., 1..]);
    }
}

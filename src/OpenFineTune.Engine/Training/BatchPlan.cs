namespace OpenFineTune.Engine.Training;

/// <summary>
/// Which examples form each optimiser step: every epoch a seeded shuffle, then groups of a few batches sorted by
/// length so a batch pads little (length bucketing). A pure function of seed and epoch, so a resumed run sees the
/// same batches as an uninterrupted one.
/// </summary>
public sealed class BatchPlan(IReadOnlyList<int> lengths, int batchSize, int seed)
{
    const int BatchesPerBucket = 8;

    public int StepsPerEpoch => (lengths.Count + batchSize - 1) / batchSize;

    /// <summary>The example indices of the batch at <paramref name="stepInEpoch"/> of <paramref name="epoch"/>.</summary>
    public int[] Batch(int epoch, int stepInEpoch) => Batches(epoch)[stepInEpoch];

    public List<int[]> Batches(int epoch)
    {
        var random = new Random(unchecked(seed * 100_003 + epoch)); // a seeded System.Random is stable across runs
        var order = Enumerable.Range(0, lengths.Count).ToArray();
        random.Shuffle(order);
        var batches = order.Chunk(batchSize * BatchesPerBucket)
            .SelectMany(bucket => bucket.OrderBy(i => lengths[i]).Chunk(batchSize))
            .ToArray();
        random.Shuffle(batches); // so batches of one bucket do not always come shortest first
        return batches.ToList();
    }
}

using OpenFineTune.Engine.Training;

namespace OpenFineTune.Engine.Tests.Training;

/// <summary>The learning-rate schedule, the batch plan and micro-batching, which the trainer's exactness rests on.</summary>
public class ScheduleAndBatchTests
{
    [Fact]
    public void LearningRateWarmsUpLinearlyThenDecaysToZeroByCosine()
    {
        var schedule = new LrSchedule(peak: 1e-3, totalSteps: 105);
        Assert.Equal(5, schedule.WarmupSteps); // 5% of the steps
        Assert.Equal(2e-4, schedule.At(0), 12);
        Assert.Equal(1e-3, schedule.At(4), 12);
        Assert.Equal(0.5e-3, schedule.At(55), 12); // half-way through the 100 decay steps: (1 + cos(π/2)) / 2
        Assert.True(schedule.At(104) < 1e-6);
        Assert.True(Enumerable.Range(5, 99).All(s => schedule.At(s + 1) < schedule.At(s)));
    }

    [Fact]
    public void EveryEpochUsesEachExampleOnceInASeededOrder()
    {
        var lengths = Enumerable.Range(0, 23).Select(i => (i * 37) % 50 + 1).ToList();
        var plan = new BatchPlan(lengths, batchSize: 4, seed: 3);
        Assert.Equal(6, plan.StepsPerEpoch);
        var epoch0 = plan.Batches(0);
        Assert.Equal(Enumerable.Range(0, 23), epoch0.SelectMany(b => b).Order());
        Assert.Equal(epoch0, new BatchPlan(lengths, 4, 3).Batches(0));
        Assert.NotEqual(epoch0, plan.Batches(1));
        Assert.All(epoch0, b => Assert.True(b.Max(i => lengths[i]) - b.Min(i => lengths[i]) <= 25)); // bucketed: similar lengths
        Assert.NotEqual(epoch0, new BatchPlan(lengths, 4, 4).Batches(0));
    }

    [Fact]
    public void MicroBatchesStayWithinTheTokenBudget()
    {
        var examples = new[] { 10, 12, 30, 31, 5 }.Select((n, i) => new SftExample(i + 1, new int[n], new bool[n], n)).ToList();
        var micro = Collator.MicroBatches(examples, maxTokens: 60);
        Assert.Equal([[1, 2], [3], [4], [5]], micro.Select(m => m.Select(e => e.Line).ToArray()));
        Assert.All(micro, m => Assert.True(m.Count == 1 || m.Count * m.Max(e => e.Length) <= 60));
    }
}

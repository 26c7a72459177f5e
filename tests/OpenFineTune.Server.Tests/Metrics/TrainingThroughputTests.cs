using System.Diagnostics.Metrics;
using OpenFineTune.Engine.Training;
using OpenFineTune.Server.Metrics;

namespace OpenFineTune.Server.Tests.Metrics;

/// <summary>Training tokens from the trainer's cumulative count: the counter gets each step's new tokens, the gauge a rate.</summary>
public class TrainingThroughputTests
{
    [Fact]
    public void EachStepAddsItsNewTokensAndTheJobShowsARate()
    {
        var job = "ftjob-" + Guid.NewGuid().ToString("N");
        var added = Listen(out var listener);
        using (listener)
        {
            TrainingThroughput.Record(job, Step(1, 100));
            Thread.Sleep(5); // the rate needs a measurable interval between two steps
            TrainingThroughput.Record(job, Step(2, 250));
        }
        Assert.Contains(100L, added);
        Assert.Contains(150L, added);
        var rate = TrainingThroughput.Observe().Where(m => m.Tags.ToArray().Contains(new("job", job))).ToList();
        Assert.Single(rate);
        Assert.True(rate[0].Value > 0);
    }

    [Fact]
    public void AResumedJobsFirstStepOnlySetsTheBaseline()
    {
        var job = "ftjob-" + Guid.NewGuid().ToString("N");
        var added = Listen(out var listener);
        using (listener)
        {
            TrainingThroughput.Record(job, Step(7, 7_000_003));
            TrainingThroughput.Record(job, Step(8, 7_000_503));
        }
        Assert.DoesNotContain(7_000_003L, added);
        Assert.Contains(500L, added);
    }

    static TrainingStepMetrics Step(int step, long tokens) => new(step, 10, 2.0, 0.5, null, null, tokens);

    static List<long> Listen(out MeterListener listener)
    {
        var added = new List<long>();
        listener = new MeterListener
        {
            // By name: the first publication happens inside ServerMeter's static constructor, before its fields are set.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ServerMeter.Name && instrument.Name == "openfinetune.training.tokens") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => { lock (added) added.Add(value); });
        listener.Start();
        return added;
    }
}

using OpenFineTune.Engine.Generation;
using TorchSharp;

namespace OpenFineTune.Engine.Tests.Generation;

/// <summary>Sampling all rows of a decode step at once picks what each row's sampler picks alone, step after step.</summary>
public class BatchSamplingTests
{
    static readonly SamplingOptions[] Options =
    [
        new(temperature: 0),                                                    // plain greedy: the shared argmax
        new(temperature: 0, frequencyPenalty: 2),                               // greedy whose penalties move the argmax
        new(temperature: 0, logitBias: new Dictionary<int, float> { [3] = 5 }),
        new(temperature: 0.9f, topP: 0.8f, seed: 11),                           // seeded draws
        new(temperature: 1.5f, presencePenalty: 1, seed: 12),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void EveryRowGetsWhatItsSamplerGivesAlone(int topLogprobs)
    {
        var together = Options.Select(o => new Sampler(o)).ToList();
        var alone = Options.Select(o => new Sampler(o)).ToList();
        var tops = Options.Select(_ => topLogprobs).ToList();
        using var generator = new torch.Generator(5);
        try
        {
            for (var step = 0; step < 12; step++)
            {
                using var logits = torch.randn(Options.Length, 40, generator: generator) * 3; // [rows, vocab]
                var batch = Sampler.NextForRows(logits, together, tops);
                for (var r = 0; r < Options.Length; r++)
                {
                    using var row = logits[r];
                    var single = alone[r].Next(row, topLogprobs);
                    Assert.Equal(single.Id, batch[r].Id);
                    Assert.Equal(single.Logprob, batch[r].Logprob, 5);
                    Assert.Equal(single.TopAlternatives.Select(a => a.Id), batch[r].TopAlternatives.Select(a => a.Id));
                }
            }
        }
        finally
        {
            foreach (var sampler in together.Concat(alone)) sampler.Dispose();
        }
    }
}

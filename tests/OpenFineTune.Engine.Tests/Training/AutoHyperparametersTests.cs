using System.Text.Json;
using OpenFineTune.Engine.Training;

namespace OpenFineTune.Engine.Tests.Training;

/// <summary>
/// "auto" hyper-parameters. Pretrained expectations come from OpenAI's cookbook estimator (openai-api-notes.md §3.2);
/// built-in ones from the measurements in shared/docs/builtin-model-notes.md (24 examples, batch 2, 40–50 epochs).
/// </summary>
public class AutoHyperparametersTests
{
    static ResolvedHyperparameters Auto(int n, BaseModelKind kind) => AutoHyperparameters.Resolve(HyperparameterChoices.Auto, n, kind);

    [Theory]
    [InlineData(10, 10)]      // 30 < 100 → min(25, 100 // 10)
    [InlineData(3, 25)]       // 9 < 100 → min(25, 33)
    [InlineData(24, 4)]       // 72 < 100 → 100 // 24
    [InlineData(34, 3)]       // 102 ≥ 100 → target 3
    [InlineData(8_333, 3)]    // 24 999 ≤ 25 000 → 3
    [InlineData(10_000, 2)]   // 30 000 > 25 000 → 25 000 // 10 000
    [InlineData(100_000, 1)]  // → max(1, 0)
    public void PretrainedEpochsFollowTheCookbookEstimator(int examples, int epochs)
    {
        Assert.Equal(epochs, AutoHyperparameters.CookbookEpochs(examples));
        Assert.Equal(epochs, Auto(examples, BaseModelKind.Pretrained).NEpochs);
    }

    [Theory]
    [InlineData(24, 1)]
    [InlineData(1_000, 2)]
    [InlineData(50_000, 100)]
    [InlineData(1_000_000, 256)]
    public void PretrainedBatchIsAboutATwoHundredthOfTheExamples(int examples, int batch) =>
        Assert.Equal(batch, Auto(examples, BaseModelKind.Pretrained).BatchSize);

    [Fact]
    public void PretrainedLearningRateIsTheLoraBaseRate()
    {
        var r = Auto(500, BaseModelKind.Pretrained);
        Assert.Equal((1.0, 2e-4, 2e-4), (r.LearningRateMultiplier, r.BaseLearningRate, r.LearningRate));
        Assert.Empty(r.Warnings);
    }

    [Theory]
    [InlineData(24, 12, 50)]    // the notes' dataset: 12 steps/epoch → 600 steps (their 40 epochs + margin)
    [InlineData(30, 15, 40)]    // 600 steps
    [InlineData(10, 5, 50)]     // capped at the API's 50 epochs: 250 steps
    [InlineData(100, 50, 12)]
    [InlineData(5_000, 2_500, 1)]
    public void BuiltInPlansAboutSixHundredStepsWithBatchTwo(int examples, int stepsPerEpoch, int epochs)
    {
        var r = Auto(examples, BaseModelKind.BuiltIn);
        Assert.Equal((2, stepsPerEpoch, epochs), (r.BatchSize, r.StepsPerEpoch, r.NEpochs));
        Assert.Equal(3e-3, r.LearningRate);
    }

    [Fact]
    public void BuiltInAutoHasNoWarningsButTheTutorialsNumbersDo()
    {
        Assert.Empty(Auto(24, BaseModelKind.BuiltIn).Warnings);

        // Paso 4 of the seed: n_epochs 3, batch_size 1, learning_rate_multiplier 1.8.
        var r = AutoHyperparameters.Resolve(new(3, 1, 1.8), 24, BaseModelKind.BuiltIn);
        Assert.Equal((3, 1, 72), (r.NEpochs, r.BatchSize, r.TotalSteps));
        Assert.Equal(0.0054, r.LearningRate, 12);
        Assert.Equal(2, r.Warnings.Count);
        Assert.StartsWith("72 optimiser steps planned", r.Warnings[0]);
        Assert.StartsWith("learning rate 0.0054 is outside 0.002 to 0.005", r.Warnings[1]);
    }

    [Fact]
    public void GivenBatchSizeStillPlansTheBuiltInStepTarget() =>
        Assert.Equal(25, AutoHyperparameters.Resolve(new(BatchSize: 1), 24, BaseModelKind.BuiltIn).NEpochs);

    [Theory]
    [InlineData(0, null, null, "n_epochs: expected \"auto\" or an integer from 1 to 50; got 0")]
    [InlineData(51, null, null, "n_epochs: expected \"auto\" or an integer from 1 to 50; got 51")]
    [InlineData(null, 257, null, "batch_size: expected \"auto\" or an integer from 1 to 256; got 257")]
    [InlineData(null, null, 0.0, "learning_rate_multiplier: expected \"auto\" or a number greater than 0; got 0")]
    [InlineData(null, null, -1.5, "learning_rate_multiplier: expected \"auto\" or a number greater than 0; got -1.5")]
    public void OutOfRangeValuesAreRejectedNamingTheField(int? epochs, int? batch, double? multiplier, string expected)
    {
        var choices = new HyperparameterChoices(epochs, batch, multiplier);
        Assert.Equal([expected], AutoHyperparameters.Validate(choices).Select(p => p.ToString()));
        Assert.Equal(expected + " (Parameter 'requested')",
            Assert.Throws<ArgumentException>(() => AutoHyperparameters.Resolve(choices, 24, BaseModelKind.Pretrained)).Message);
    }

    [Fact]
    public void WireValuesParseFromAutoOrNumbers()
    {
        using var doc = JsonDocument.Parse("""{"n_epochs":"auto","batch_size":4,"learning_rate_multiplier":1.8}""");
        var problems = new List<HyperparameterProblem>();
        var r = doc.RootElement;

        var choices = AutoHyperparameters.Parse(r.GetProperty("n_epochs"), r.GetProperty("batch_size"), r.GetProperty("learning_rate_multiplier"), problems);

        Assert.Empty(problems);
        Assert.Equal(new HyperparameterChoices(null, 4, 1.8), choices);
        Assert.Equal(HyperparameterChoices.Auto, AutoHyperparameters.Parse(null, null, null, problems));
    }

    [Theory]
    [InlineData("\"3\"", "n_epochs: expected \"auto\" or an integer from 1 to 50; got \"3\"")]
    [InlineData("2.5", "n_epochs: expected \"auto\" or an integer from 1 to 50; got 2.5")]
    [InlineData("\"AUTO\"", "n_epochs: expected \"auto\" or an integer from 1 to 50; got \"AUTO\"")]
    public void BadWireValuesAreNamed(string json, string expected)
    {
        using var doc = JsonDocument.Parse(json);
        var problems = new List<HyperparameterProblem>();
        AutoHyperparameters.Parse(doc.RootElement, null, null, problems);
        Assert.Equal([expected], problems.Select(p => p.ToString()));
    }
}

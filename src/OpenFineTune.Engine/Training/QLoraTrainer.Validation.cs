using static TorchSharp.torch;

namespace OpenFineTune.Engine.Training;

public sealed partial class QLoraTrainer
{
    /// <summary>Adds validation loss and accuracy (dropout off, no gradients) when there is a validation set.</summary>
    TrainingStepMetrics WithValidation(TrainingStepMetrics metrics)
    {
        if (valid.Examples.Count == 0) return metrics;
        var (loss, accuracy) = Evaluate(valid);
        return metrics with { ValidLoss = loss, ValidMeanTokenAccuracy = accuracy };
    }

    /// <summary>Mean loss and token accuracy over the trained tokens of <paramref name="data"/>.</summary>
    (double Loss, double Accuracy) Evaluate(SftDataset data)
    {
        using var noGrad = no_grad();
        model.eval();
        var (loss, correct, tokens) = (0.0, 0L, 0L);
        foreach (var micro in Collator.MicroBatches(data.Examples.OrderBy(e => e.Length), options.MicroBatchTokens))
        {
            using var scope = NewDisposeScope();
            var (inputs, next, mask) = Collator.Collate(micro, model.Device);
            var (lossSum, microCorrect, microTokens) = MaskedLmLoss.Compute(model, inputs, next, mask);
            (loss, correct, tokens) = (loss + lossSum.item<float>(), correct + microCorrect, tokens + microTokens);
        }
        model.train();
        return (loss / Math.Max(1, tokens), (double)correct / Math.Max(1, tokens));
    }
}

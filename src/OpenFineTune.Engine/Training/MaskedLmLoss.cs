using OpenFineTune.Engine.Models;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Training;

/// <summary>Causal LM cross-entropy and argmax accuracy, summed over the masked (trained) target tokens only.</summary>
public static class MaskedLmLoss
{
    /// <summary>
    /// Loss sum (a scalar tensor that keeps the graph), correct predictions and trained target tokens of one micro-batch.
    /// Sums, not means, so micro-batches add up to exactly the batch's mean whatever the split.
    /// </summary>
    public static (Tensor LossSum, long Correct, long Tokens) Compute(CausalLM model, Tensor inputs, Tensor targets, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var logits = model.forward(inputs);                          // [B, T, V]
        var predicted = logits[.., ..^1].reshape(-1, logits.shape[2]); // position t predicts token t+1
        var flatTargets = targets.reshape(-1);
        var flatMask = mask.reshape(-1);
        var losses = nn.functional.cross_entropy(predicted, flatTargets, reduction: nn.Reduction.None);
        var lossSum = (losses * flatMask).sum();
        long correct, tokens;
        using (no_grad())
        {
            correct = (long)Math.Round((predicted.argmax(1).eq(flatTargets).to(ScalarType.Float32) * flatMask).sum().item<float>());
            tokens = (long)Math.Round(flatMask.sum().item<float>());
        }
        return (lossSum.MoveToOuterDisposeScope(), correct, tokens);
    }
}

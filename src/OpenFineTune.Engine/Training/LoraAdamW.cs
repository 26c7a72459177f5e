using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Training;

/// <summary>
/// AdamW (decoupled weight decay, bias-corrected moments, as torch.optim.AdamW) over named parameters, written
/// out so its moments can be saved by name in a checkpoint and restored exactly.
/// </summary>
public sealed class LoraAdamW : IDisposable
{
    readonly IReadOnlyDictionary<string, Parameter> parameters;
    readonly Dictionary<string, (Tensor M, Tensor V)> moments;
    readonly double beta1, beta2, weightDecay;
    // Long-lived: libtorch may read a Scalar after a temporary one was collected (TorchSharp 0.107).
    readonly Scalar beta1Scalar, beta2Scalar, oneMinusBeta1, oneMinusBeta2, epsilon;

    public LoraAdamW(IReadOnlyDictionary<string, Parameter> parameters, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
    {
        this.parameters = parameters;
        (this.beta1, this.beta2, this.weightDecay) = (beta1, beta2, weightDecay);
        (beta1Scalar, beta2Scalar, oneMinusBeta1, oneMinusBeta2, epsilon) = (beta1, beta2, 1 - beta1, 1 - beta2, eps);
        moments = parameters.ToDictionary(p => p.Key, p => (zeros_like(p.Value).DetachFromDisposeScope(), zeros_like(p.Value).DetachFromDisposeScope()));
    }

    /// <summary>Optimiser steps taken so far (the bias correction's t).</summary>
    public int Steps { get; private set; }

    public void ZeroGrad()
    {
        foreach (var p in parameters.Values) p.grad?.zero_();
    }

    public void Step(double learningRate)
    {
        using var noGrad = no_grad();
        Steps++;
        double correction1 = 1 - Math.Pow(beta1, Steps), correction2 = 1 - Math.Pow(beta2, Steps);
        using Scalar sqrtCorrection2 = Math.Sqrt(correction2), stepSize = -learningRate / correction1, decay = 1 - learningRate * weightDecay;
        foreach (var (name, p) in parameters)
        {
            if (p.grad is not { } g) continue;
            using var scope = NewDisposeScope();
            var (m, v) = moments[name];
            m.mul_(beta1Scalar).add_(g, oneMinusBeta1);
            v.mul_(beta2Scalar).addcmul_(g, g, oneMinusBeta2);
            if (weightDecay != 0) p.mul_(decay);
            p.addcdiv_(m, v.sqrt().div_(sqrtCorrection2).add_(epsilon), stepSize);
        }
    }

    /// <summary>The moments by name (<c>exp_avg.{key}</c>, <c>exp_avg_sq.{key}</c>), as torch names them.</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> State() => moments.SelectMany(p => new[]
    {
        KeyValuePair.Create($"exp_avg.{p.Key}", p.Value.M), KeyValuePair.Create($"exp_avg_sq.{p.Key}", p.Value.V),
    });

    /// <summary>Restores moments written by <see cref="State"/> after <paramref name="steps"/> steps.</summary>
    public void Restore(Func<string, Tensor, bool> copyInto, int steps)
    {
        foreach (var (name, tensor) in State())
            if (!copyInto(name, tensor)) throw new InvalidDataException($"optimizer state has no tensor {name}");
        Steps = steps;
    }

    public void Dispose()
    {
        foreach (var (m, v) in moments.Values) { m.Dispose(); v.Dispose(); }
        foreach (var s in new[] { beta1Scalar, beta2Scalar, oneMinusBeta1, oneMinusBeta2, epsilon }) s.Dispose();
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// Fills a freshly built model with deterministic random weights: matrices N(0, std), the untied lm_head
/// N(0, headStd), norms 1, biases 0. One seeded generator walks the parameters in registry order, so the same
/// seed gives the same bytes.
/// </summary>
public static class WeightInit
{
    public static void Normal(CausalLM model, long seed, double std, double headStd)
    {
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal)) parameter.fill_(1.0);
            else if (name.EndsWith(".bias", StringComparison.Ordinal)) parameter.zero_();
            else parameter.normal_(0.0, name == "lm_head.weight" ? headStd : std, generator);
        }
    }
}

using OpenFineTune.Engine.Peft;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Peft;

/// <summary>
/// Nf4Linear's backward re-dequantizes W instead of keeping it; its gradients must equal those of a dense
/// linear layer holding the dequantized weight (reference: autograd through nn.functional.linear).
/// </summary>
public class Nf4LinearBackwardTests
{
    static Tensor Seeded(long[] shape, int seed) => randn(shape, generator: new Generator((ulong)seed));

    [Fact]
    public void InputGradientEqualsTheDenseLayerWithTheDequantizedWeight()
    {
        using var scope = NewDisposeScope();
        using var layer = new Nf4Linear(Seeded([40, 128], 1), Seeded([40], 2));
        var w = layer.DequantizeWeight();
        var upstream = Seeded([2, 3, 40], 3);

        var x = Seeded([2, 3, 128], 4).requires_grad_(true);
        var y = layer.call(x);
        (y * upstream).sum().backward();

        var xRef = x.detach().clone().requires_grad_(true);
        var yRef = nn.functional.linear(xRef, w, Seeded([40], 2));
        (yRef * upstream).sum().backward();

        Assert.True(y.allclose(yRef, rtol: 1e-5, atol: 1e-5));
        Assert.True(x.grad!.allclose(xRef.grad!, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void LoraGradientsOverNf4EqualThoseOverTheDequantizedDenseBase()
    {
        using var scope = NewDisposeScope();
        var settings = new LoraSettings { Rank = 4, Dropout = 0 };
        using var nf4 = new LoraLinear(new Nf4Linear(Seeded([32, 64], 1)), settings, new Generator(9));
        var dense = nn.Linear(64, 32, hasBias: false);
        using (no_grad()) dense.weight!.copy_(((Nf4Linear)nf4.BaseLayer).DequantizeWeight());
        using var reference = new LoraLinear(dense, settings, new Generator(9));
        foreach (var lora in new[] { nf4, reference }) lora.SetLoraWeights(Seeded([4, 64], 5), Seeded([32, 4], 6));

        // x requires grad, so the NF4 layer runs its own backward (Nf4LinearFunction).
        var x = Seeded([5, 64], 7).requires_grad_(true);
        var target = Seeded([5, 32], 8);
        foreach (var lora in new[] { nf4, reference })
        {
            var h = lora.call(x);
            nn.functional.mse_loss(h, target).backward();
        }
        Assert.True(nf4.LoraA.grad!.allclose(reference.LoraA.grad!, rtol: 1e-5, atol: 1e-6));
        Assert.True(nf4.LoraB.grad!.allclose(reference.LoraB.grad!, rtol: 1e-5, atol: 1e-6));
    }
}

using OpenFineTune.Engine.Peft;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Peft;

/// <summary>LoRA forward against the merged weight x·(W + s·B·A)ᵀ, as in the LoRA paper and PEFT's lora.Linear.</summary>
public class LoraLinearTests
{
    static Tensor Seeded(long[] shape, int seed)
    {
        using var g = new Generator((ulong)seed);
        return randn(shape, generator: g);
    }

    static nn.Module<Tensor, Tensor> DenseBase(Tensor w)
    {
        var linear = nn.Linear(w.shape[1], w.shape[0], hasBias: false);
        using (no_grad()) linear.weight!.copy_(w);
        return linear;
    }

    static void AssertForwardEqualsMergedWeight(Func<Tensor, nn.Module<Tensor, Tensor>> makeBase, Func<nn.Module<Tensor, Tensor>, Tensor> denseW)
    {
        using var scope = NewDisposeScope();
        var settings = new LoraSettings { Rank = 4, Alpha = 8, Dropout = 0.05 };
        var w = Seeded([24, 64], 1);
        var a = Seeded([4, 64], 2);
        var b = Seeded([24, 4], 3);
        var x = Seeded([2, 5, 64], 4);
        using var lora = new LoraLinear(makeBase(w), settings);
        lora.SetLoraWeights(a, b);
        lora.eval();
        var merged = denseW(lora.BaseLayer) + b.matmul(a) * tensor(8.0f / 4); // alpha/r = 2
        var expected = x.matmul(merged.t());
        Assert.True(lora.call(x).allclose(expected, rtol: 1e-5, atol: 1e-5), "forward vs x·(W + (alpha/r)·B·A)ᵀ");
        Assert.True(lora.Merge().allclose(merged, rtol: 1e-5, atol: 1e-5), "Merge() vs W + (alpha/r)·B·A");
    }

    [Fact]
    public void ForwardEqualsMergedWeightOnDenseBase() =>
        AssertForwardEqualsMergedWeight(DenseBase, m => ((TorchSharp.Modules.Linear)m).weight!.detach());

    [Fact]
    public void ForwardEqualsMergedDequantizedWeightOnNf4Base() =>
        AssertForwardEqualsMergedWeight(w => new Nf4Linear(w), m => ((Nf4Linear)m).DequantizeWeight());

    [Fact]
    public void RsLoraScalesByAlphaOverSquareRootOfRank()
    {
        Assert.Equal(32.0 / 16, new LoraSettings().Scaling);
        Assert.Equal(32.0 / 4, new LoraSettings { UseRsLora = true }.Scaling);
    }

    [Fact]
    public void InitIsKaimingUniformAZerosBAndReproducibleFromTheSeed()
    {
        using var scope = NewDisposeScope();
        LoraLinear Make(ulong seed)
        {
            using var g = new Generator(seed);
            return new LoraLinear(DenseBase(Seeded([32, 100], 1)), new LoraSettings { Rank = 8 }, g);
        }
        using var first = Make(7);
        using var again = Make(7);
        using var other = Make(8);
        Assert.True(first.LoraA.eq(again.LoraA).all().item<bool>());
        Assert.False(first.LoraA.eq(other.LoraA).all().item<bool>());
        Assert.Equal(0f, first.LoraB.abs().max().item<float>());
        // kaiming_uniform_(a=√5) on [r, in]: bound = √(1/3)·√(3/in) = 1/√in = 0.1
        Assert.True(first.LoraA.abs().max().item<float>() <= 0.1f);
        Assert.True(first.LoraA.abs().max().item<float>() > 0.09f);
    }

    [Fact]
    public void DropoutActsOnTheLoraPathOnlyAndOnlyAdaptersTrain()
    {
        using var scope = NewDisposeScope();
        var w = Seeded([16, 32], 1);
        using var lora = new LoraLinear(DenseBase(w), new LoraSettings { Rank = 2, Dropout = 0.5 });
        lora.train();
        var x = Seeded([8, 32], 2);
        // B starts at zero, so in training mode (dropout active) the output is still exactly the base output.
        Assert.True(lora.call(x).eq(lora.BaseLayer.call(x)).all().item<bool>());
        var trainable = lora.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToArray();
        Assert.Equal([LoraLinear.LoraAWeight, LoraLinear.LoraBWeight], trainable.Order().ToArray());
        Assert.Contains("base_layer.weight", lora.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void DropoutMasksComeFromTheGivenGeneratorWhateverTheGlobalOneDoes()
    {
        using var scope = NewDisposeScope();
        using var lora = new LoraLinear(DenseBase(Seeded([16, 32], 1)), new LoraSettings { Rank = 2, Dropout = 0.5 });
        lora.SetLoraWeights(Seeded([2, 32], 2), Seeded([16, 2], 3));
        using var generator = new Generator(0);
        lora.DropoutGenerator = generator;
        lora.train();
        var x = Seeded([8, 32], 4);
        Tensor Draw(long seed)
        {
            generator.manual_seed(seed);
            manual_seed(Environment.TickCount); // other work in the process moving libtorch's global generator
            rand(100);
            return lora.call(x);
        }

        Assert.True(Draw(7).eq(Draw(7)).all().item<bool>());
        Assert.False(Draw(7).eq(Draw(8)).all().item<bool>());
        lora.eval();
        Assert.True(lora.call(x).allclose(x.matmul(lora.Merge().t()), rtol: 1e-5, atol: 1e-5)); // no dropout in eval mode
    }

    [Fact]
    public void WrongAdapterShapeIsRejectedNamingTheTensor()
    {
        using var lora = new LoraLinear(DenseBase(Seeded([16, 32], 1)), new LoraSettings { Rank = 2 });
        using var a = zeros(3, 32);
        using var b = zeros(16, 2);
        var e = Assert.Throws<ArgumentException>(() => lora.SetLoraWeights(a, b));
        Assert.Contains("lora_A.weight: expected shape [2, 32]; got [3, 32]", e.Message);
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Peft;

/// <summary>
/// A frozen projection plus a trainable low-rank update, as PEFT's lora.Linear: y = base(x) + s·B(A(dropout(x))),
/// with A [r, in] Kaiming-uniform (a = √5), B [out, r] zeros, s = alpha/r (or alpha/√r), dropout on the LoRA path only
/// (in training mode, masks drawn from <see cref="DropoutGenerator"/>).
/// Parameter names match PEFT: <c>base_layer.*</c>, <c>lora_A.weight</c>, <c>lora_B.weight</c>.
/// </summary>
public sealed class LoraLinear : nn.Module<Tensor, Tensor>
{
    public const string LoraAWeight = "lora_A.weight";
    public const string LoraBWeight = "lora_B.weight";

    readonly nn.Module<Tensor, Tensor> base_layer;
    readonly Linear lora_A;                        // weight [r, in]
    readonly Linear lora_B;                        // weight [out, r]
    readonly double dropout;
    readonly Scalar scaling;                       // long-lived: libtorch may read a Scalar after a temporary dies

    /// <summary>Wraps <paramref name="baseLayer"/> (a <see cref="Linear"/> or <see cref="Nf4Linear"/>), freezing it.</summary>
    public LoraLinear(nn.Module<Tensor, Tensor> baseLayer, LoraSettings settings, Generator? generator = null)
        : base(nameof(LoraLinear))
    {
        settings.Validate();
        (InFeatures, OutFeatures) = FeaturesOf(baseLayer);
        Rank = settings.Rank;
        Scaling = settings.Scaling;
        base_layer = baseLayer;
        foreach (var p in baseLayer.parameters()) p.requires_grad = false;
        lora_A = nn.Linear(InFeatures, Rank, hasBias: false);
        lora_B = nn.Linear(Rank, OutFeatures, hasBias: false);
        dropout = settings.Dropout;
        scaling = Scaling;
        ResetLoraParameters(generator);
        RegisterComponents();
    }

    public long InFeatures { get; }
    public long OutFeatures { get; }
    public int Rank { get; }
    public double Scaling { get; }

    /// <summary>Draws the dropout masks. A trainer gives all adapters one generator and reseeds it per step, so a run
    /// never shares libtorch's global generator with other work in the process; null = the global one.</summary>
    public Generator? DropoutGenerator { get; set; }

    /// <summary>The frozen base projection.</summary>
    public nn.Module<Tensor, Tensor> BaseLayer => base_layer;

    public Parameter LoraA => lora_A.weight!;
    public Parameter LoraB => lora_B.weight!;

    /// <summary>PEFT's init: A ~ kaiming_uniform(a=√5), i.e. U(±1/√in); B = 0, so the wrapped layer starts equal to the base.</summary>
    public void ResetLoraParameters(Generator? generator)
    {
        using var noGrad = no_grad();
        var bound = 1.0 / Math.Sqrt(InFeatures);
        LoraA.uniform_(-bound, bound, generator);
        LoraB.zero_();
    }

    /// <summary>Sets A and B to given values (e.g. loaded from an adapter file); shapes must match.</summary>
    public void SetLoraWeights(Tensor a, Tensor b)
    {
        CheckShape("lora_A.weight", a, [Rank, InFeatures]);
        CheckShape("lora_B.weight", b, [OutFeatures, Rank]);
        using var noGrad = no_grad();
        LoraA.copy_(a);
        LoraB.copy_(b);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var result = base_layer.call(x);
        var update = lora_B.call(lora_A.call(Dropout(x.to(LoraA.dtype)))) * scaling;
        return (result + update.to(result.dtype)).MoveToOuterDisposeScope();
    }

    /// <summary>Inverted dropout, as nn.Dropout: zero with probability p, scale the rest by 1/(1 − p).</summary>
    Tensor Dropout(Tensor x)
    {
        if (!training || dropout == 0) return x;
        using var keep = torch.rand(x.shape, dtype: x.dtype, device: x.device, generator: DropoutGenerator).ge_(dropout);
        return x * keep * (1 / (1 - dropout));
    }

    /// <summary>The merged dense weight W + s·B·A [out, in], float32 (W dequantized when the base is NF4).</summary>
    public Tensor Merge()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var delta = LoraB.detach().to(ScalarType.Float32).matmul(LoraA.detach().to(ScalarType.Float32)) * scaling;
        return (DenseBaseWeight() + delta).MoveToOuterDisposeScope();
    }

    Tensor DenseBaseWeight() => base_layer switch
    {
        Linear linear => linear.weight!.detach().to(ScalarType.Float32),
        Nf4Linear nf4 => nf4.DequantizeWeight(),
        _ => throw new InvalidOperationException($"LoRA cannot read the weight of a {base_layer.GetType().Name}."),
    };

    static (long In, long Out) FeaturesOf(nn.Module<Tensor, Tensor> layer) => layer switch
    {
        Linear linear => (linear.weight!.shape[1], linear.weight!.shape[0]),
        Nf4Linear nf4 => (nf4.InFeatures, nf4.OutFeatures),
        _ => throw new ArgumentException($"LoRA wraps Linear or Nf4Linear projections; got {layer.GetType().Name}."),
    };

    static void CheckShape(string name, Tensor t, long[] expected)
    {
        if (!t.shape.SequenceEqual(expected))
            throw new ArgumentException($"{name}: expected shape [{string.Join(", ", expected)}]; got [{string.Join(", ", t.shape)}].");
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Peft;

/// <summary>
/// A frozen linear layer whose weight is stored in NF4 (bitsandbytes' Linear4bit with compress_statistics) and
/// dequantized on the fly to the input's dtype in every forward pass.
/// </summary>
public sealed class Nf4Linear : nn.Module<Tensor, Tensor>
{
    // Buffers (fields named as registered) so Module.to(device) moves them and updates these fields.
    Tensor weight_packed;        // uint8 [(out·in+1)/2]
    Tensor weight_absmax;        // uint8 [blocks of 64]
    Tensor weight_absmax_scales; // float32 [blocks of 256 absmax]
    readonly Parameter? bias;    // [out], frozen
    readonly float absmaxOffset;

    /// <summary>Quantizes <paramref name="weight"/> [out, in] (copied; the caller keeps ownership).</summary>
    public Nf4Linear(Tensor weight, Tensor? bias = null) : base(nameof(Nf4Linear))
    {
        if (weight.dim() != 2) throw new ArgumentException($"Nf4Linear needs a 2-D weight [out, in]; got shape [{string.Join(", ", weight.shape)}].");
        OutFeatures = weight.shape[0];
        InFeatures = weight.shape[1];
        using var quantized = Nf4Quantizer.Quantize(weight);
        weight_packed = quantized.Packed.alias().DetachFromDisposeScope();
        weight_absmax = quantized.QuantizedAbsmax.alias().DetachFromDisposeScope();
        weight_absmax_scales = quantized.AbsmaxScales.alias().DetachFromDisposeScope();
        absmaxOffset = quantized.AbsmaxOffset;
        if (bias is not null) this.bias = new Parameter(bias.detach().clone(), requires_grad: false);
        RegisterComponents();
    }

    /// <summary>Quantizes a dense <see cref="Linear"/> (which the caller may then dispose).</summary>
    public static Nf4Linear FromLinear(Linear linear) => new(linear.weight!, linear.bias);

    public long InFeatures { get; }
    public long OutFeatures { get; }

    /// <summary>The quantized weight's bytes: packed codes + 8-bit absmax + second-level scales + offset.</summary>
    public long WeightStorageBytes => weight_packed.NumberOfElements + weight_absmax.NumberOfElements
        + weight_absmax_scales.NumberOfElements * sizeof(float) + sizeof(float);

    /// <summary>The dequantized weight [out, in] in <paramref name="dtype"/>.</summary>
    public Tensor DequantizeWeight(ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        var absmax = Nf4Weight.DequantizeAbsmax(weight_absmax, weight_absmax_scales, absmaxOffset);
        return Nf4Weight.Dequantize(weight_packed, absmax, [OutFeatures, InFeatures], dtype).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor x)
    {
        if (x.requires_grad && is_grad_enabled()) return Nf4LinearFunction.apply(x, this);
        using var scope = NewDisposeScope();
        return Project(x, DequantizeWeight(x.dtype)).MoveToOuterDisposeScope();
    }

    /// <summary>x·Wᵀ + b for a dequantized W of this layer.</summary>
    internal Tensor Project(Tensor x, Tensor w)
    {
        using var scope = NewDisposeScope();
        return nn.functional.linear(x, w, bias?.to(x.dtype)).MoveToOuterDisposeScope();
    }
}

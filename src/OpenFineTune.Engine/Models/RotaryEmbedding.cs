using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// Rotary position embedding in HF's rotate_half layout (first half of each head pairs with the second half),
/// with Llama 3's frequency bands (transformers <c>_compute_llama3_parameters</c>) and linear scaling.
/// Frequencies and angles are computed in float64 and rounded once, so long positions lose no precision.
/// </summary>
public sealed class RotaryEmbedding
{
    readonly double[] _inverseFrequencies; // [head_dim / 2]

    public RotaryEmbedding(DecoderConfig config)
    {
        var half = config.HeadDimension / 2;
        var baseFrequencies = Enumerable.Range(0, half)
            .Select(i => 1.0 / Math.Pow(config.RopeTheta, 2.0 * i / config.HeadDimension));
        _inverseFrequencies = baseFrequencies.Select(f => Scaled(f, config.RopeScaling)).ToArray();
    }

    public IReadOnlyList<double> InverseFrequencies => _inverseFrequencies;

    static double Scaled(double frequency, RopeScaling? s) => s?.Kind switch
    {
        "linear" => frequency / s.Factor,
        "llama3" => Llama3(frequency, s),
        _ => frequency,
    };

    // Long wavelengths are slowed by `factor`, short ones kept, and the band between blended smoothly.
    static double Llama3(double frequency, RopeScaling s)
    {
        var original = (double)s.OriginalMaxPositionEmbeddings!.Value;
        var wavelength = 2 * Math.PI / frequency;
        if (wavelength < original / s.HighFreqFactor!.Value) return frequency;
        if (wavelength > original / s.LowFreqFactor!.Value) return frequency / s.Factor;
        var smooth = (original / wavelength - s.LowFreqFactor.Value) / (s.HighFreqFactor.Value - s.LowFreqFactor.Value);
        return (1 - smooth) * frequency / s.Factor + smooth * frequency;
    }

    /// <summary>cos and sin for <paramref name="positions"/> [B, T] (int64), each [B, 1, T, head_dim] in <paramref name="dtype"/>.</summary>
    public (Tensor Cos, Tensor Sin) For(Tensor positions, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var frequencies = tensor(_inverseFrequencies, ScalarType.Float64, positions.device); // [hd/2]
        var angles = positions.to(ScalarType.Float64).unsqueeze(-1) * frequencies;            // [B, T, hd/2]
        var both = cat([angles, angles], -1).unsqueeze(1);                                     // [B, 1, T, hd]
        var cos = both.cos().to(dtype).MoveToOuterDisposeScope();
        var sin = both.sin().to(dtype).MoveToOuterDisposeScope();
        return (cos, sin);
    }

    /// <summary>Rotates <paramref name="x"/> [B, H, T, hd] by the angles whose cos/sin are given.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var half = x.shape[^1] / 2;
        var rotated = cat([x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)], -1); // rotate_half
        return (x * cos + rotated * sin).MoveToOuterDisposeScope();
    }
}

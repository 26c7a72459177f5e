using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Peft;

/// <summary>
/// bitsandbytes' signed 8-bit dynamic code (<c>create_dynamic_map(signed=True, max_exponent_bits=7, total_bits=8)</c>
/// in bitsandbytes/functional.py), which double quantization uses for the NF4 absmax constants. Built the same way:
/// float32 <c>linspace(0.1, 1)</c> bin means scaled by 10^(i-6), negated copies, 0 and 1, sorted.
/// </summary>
public static class DynamicCodeBook
{
    const int MaxExponentBits = 7;

    static readonly Lazy<float[]> Code = new(Build);
    static readonly Scalar Two = 2.0f;

    /// <summary>The 256 sorted code values.</summary>
    public static IReadOnlyList<float> Values => Code.Value;

    static float[] Build()
    {
        var data = new List<double>();
        for (var i = 0; i < MaxExponentBits; i++)
        {
            var scale = Math.Pow(10, -(MaxExponentBits - 1) + i);
            foreach (var mean in BinMeans((1 << i) + 1))
            {
                data.Add(scale * mean);
                data.Add(-scale * mean);
            }
        }
        data.Add(0);
        data.Add(1.0);
        var code = data.Select(d => (float)d).ToArray();
        Array.Sort(code);
        return code;
    }

    /// <summary>Means of neighbouring points of a float32 linspace(0.1, 1, n), computed in float32 like torch.</summary>
    static float[] BinMeans(int points)
    {
        using var scope = NewDisposeScope();
        var bounds = linspace(0.1, 1, points, dtype: ScalarType.Float32);
        var means = (bounds[..^1] + bounds[1..]) / Two;
        return means.data<float>().ToArray();
    }
}

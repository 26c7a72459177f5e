namespace OpenFineTune.Engine.Peft;

/// <summary>
/// The NF4 data type of QLoRA (https://arxiv.org/abs/2305.14314) with the values and decision thresholds of
/// bitsandbytes: <c>get_4bit_type("nf4")</c> in bitsandbytes/functional.py and <c>dQuantizeNF4</c> in csrc/kernels.cu.
/// </summary>
public static class Nf4CodeBook
{
    /// <summary>The 16 NF4 values, index = 4-bit code (bitsandbytes' table, sorted ascending).</summary>
    public static IReadOnlyList<float> Values { get; } =
    [
        -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
        -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
        0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
        0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f,
    ];

    /// <summary>
    /// The 15 thresholds of the CUDA decision tree (its float literals, ascending). A scaled value x gets code k
    /// when Thresholds[k-1] &lt; x &lt;= Thresholds[k]: the kernel tests <c>x &gt; t</c>, so a value exactly on a
    /// threshold takes the lower code.
    /// </summary>
    public static IReadOnlyList<float> Thresholds { get; } =
    [
        -0.8480964004993439f, -0.6106329262256622f, -0.4599952697753906f, -0.33967943489551544f,
        -0.23460740596055984f, -0.13791173323988914f, -0.045525018125772476f, 0.03979014977812767f,
        0.1202552504837513f, 0.2035212516784668f, 0.2920137718319893f, 0.3893125355243683f,
        0.5016634166240692f, 0.6427869200706482f, 0.8614784181118011f,
    ];

    /// <summary>The code a scaled value in [-1, 1] gets, by the CUDA kernel's rule (scalar form, for tests and docs).</summary>
    public static byte CodeOf(float scaled)
    {
        byte code = 0;
        foreach (var t in Thresholds) if (scaled > t) code++;
        return code;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OpenFineTune.Engine.Kernels;

/// <summary>
/// y[b, o] = Σ_i x[b, i]·W[o, i] (+ bias[o]) for a few input rows b: the decode-time matrix-vector products.
/// Memory-bound, so every weight row is read once for all rows of x, four weight rows stream at a time, and the
/// output rows are split across threads. x and y are float32; W is float32 or bfloat16 (widened on load).
/// </summary>
static unsafe class Gemv
{
    /// <summary>Output rows per work item: enough to amortize scheduling, small enough to even out threads.</summary>
    const int ChunkRows = 64;

    public static void Float32(float* x, int batch, int inFeatures, float* weight, float* bias, float* y, int outFeatures, int threads) =>
        Run<Float32Rows>((byte*)weight, x, batch, inFeatures, bias, y, outFeatures, threads);

    public static void BFloat16(float* x, int batch, int inFeatures, ushort* weight, float* bias, float* y, int outFeatures, int threads) =>
        Run<BFloat16Rows>((byte*)weight, x, batch, inFeatures, bias, y, outFeatures, threads);

    static void Run<TRows>(byte* weight, float* x, int batch, int inFeatures, float* bias, float* y, int outFeatures, int threads)
        where TRows : struct, IWeightRows
    {
        var job = new Job(weight, x, batch, inFeatures, bias, y, outFeatures);
        var chunks = (outFeatures + ChunkRows - 1) / ChunkRows;
        if (threads <= 1 || chunks == 1)
        {
            Rows<TRows>(job, 0, outFeatures);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            c => Rows<TRows>(job, c * ChunkRows, Math.Min(outFeatures, (c + 1) * ChunkRows)));
    }

    readonly struct Job(byte* weight, float* x, int batch, int inFeatures, float* bias, float* y, int outFeatures)
    {
        public readonly byte* Weight = weight;
        public readonly float* X = x, Bias = bias, Y = y;
        public readonly int Batch = batch, In = inFeatures, Out = outFeatures;
    }

    static void Rows<TRows>(Job job, int start, int end) where TRows : struct, IWeightRows
    {
        // bfloat16 with 4+ input rows: widen each 4-row weight tile once into float32 scratch, then run the float32
        // 4×4 tile over every block of input rows (widening inside that tile measured several times slower).
        var widen = typeof(TRows) == typeof(BFloat16Rows) && job.Batch >= 4;
        var scratch = widen ? (float*)NativeMemory.Alloc((nuint)(4 * job.In), sizeof(float)) : null;
        try
        {
            var o = start;
            for (; o + 4 <= end; o += 4)
            {
                byte* w0 = TRows.Row(job.Weight, o, job.In), w1 = TRows.Row(job.Weight, o + 1, job.In);
                byte* w2 = TRows.Row(job.Weight, o + 2, job.In), w3 = TRows.Row(job.Weight, o + 3, job.In);
                var b = 0;
                if (widen)
                {
                    for (var r = 0; r < 4; r++) Widen<TRows>(TRows.Row(job.Weight, o + r, job.In), scratch + r * job.In, job.In);
                    byte* s0 = (byte*)scratch, s1 = (byte*)(scratch + job.In), s2 = (byte*)(scratch + 2 * job.In), s3 = (byte*)(scratch + 3 * job.In);
                    for (; b + 4 <= job.Batch; b += 4) Tile4x4<Float32Rows>(job, s0, s1, s2, s3, o, b);
                }
                else
                    for (; b + 4 <= job.Batch; b += 4) Tile4x4<TRows>(job, w0, w1, w2, w3, o, b);
                for (; b < job.Batch; b++) Tile4x1<TRows>(job, w0, w1, w2, w3, o, b);
            }
            for (; o < end; o++)
                for (var b = 0; b < job.Batch; b++) Store(job, o, b, Dot<TRows>(TRows.Row(job.Weight, o, job.In), job.X + (nint)b * job.In, job.In));
        }
        finally
        {
            if (scratch is not null) NativeMemory.Free(scratch);
        }
    }

    static void Widen<TRows>(byte* row, float* to, int n) where TRows : struct, IWeightRows
    {
        var i = 0;
        for (; i + 16 <= n; i += 16) Vector512.Store(TRows.Load16(row, i), to + i);
        for (; i < n; i++) to[i] = TRows.Load1(row, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(Job job, int o, int b, float sum) => job.Y[(nint)b * job.Out + o] = sum + (job.Bias is null ? 0 : job.Bias[o]);

    static void Tile4x1<TRows>(Job job, byte* w0, byte* w1, byte* w2, byte* w3, int o, int b) where TRows : struct, IWeightRows
    {
        var x = job.X + (nint)b * job.In;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var i = 0;
        for (; i + 16 <= job.In; i += 16)
        {
            var xi = Vector512.Load(x + i);
            a0 = Vector512.FusedMultiplyAdd(TRows.Load16(w0, i), xi, a0);
            a1 = Vector512.FusedMultiplyAdd(TRows.Load16(w1, i), xi, a1);
            a2 = Vector512.FusedMultiplyAdd(TRows.Load16(w2, i), xi, a2);
            a3 = Vector512.FusedMultiplyAdd(TRows.Load16(w3, i), xi, a3);
        }
        Store(job, o, b, Vector512.Sum(a0) + Tail<TRows>(w0, x, i, job.In));
        Store(job, o + 1, b, Vector512.Sum(a1) + Tail<TRows>(w1, x, i, job.In));
        Store(job, o + 2, b, Vector512.Sum(a2) + Tail<TRows>(w2, x, i, job.In));
        Store(job, o + 3, b, Vector512.Sum(a3) + Tail<TRows>(w3, x, i, job.In));
    }

    // 4 weight rows × 4 input rows: each loaded weight vector feeds 4 FMAs, each input vector 4.
    static void Tile4x4<TRows>(Job job, byte* w0, byte* w1, byte* w2, byte* w3, int o, int b) where TRows : struct, IWeightRows
    {
        float* x0 = job.X + (nint)b * job.In, x1 = x0 + job.In, x2 = x1 + job.In, x3 = x2 + job.In;
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
        var i = 0;
        for (; i + 16 <= job.In; i += 16)
        {
            Vector512<float> v0 = Vector512.Load(x0 + i), v1 = Vector512.Load(x1 + i), v2 = Vector512.Load(x2 + i), v3 = Vector512.Load(x3 + i);
            var w = TRows.Load16(w0, i);
            a00 = Vector512.FusedMultiplyAdd(w, v0, a00); a01 = Vector512.FusedMultiplyAdd(w, v1, a01);
            a02 = Vector512.FusedMultiplyAdd(w, v2, a02); a03 = Vector512.FusedMultiplyAdd(w, v3, a03);
            w = TRows.Load16(w1, i);
            a10 = Vector512.FusedMultiplyAdd(w, v0, a10); a11 = Vector512.FusedMultiplyAdd(w, v1, a11);
            a12 = Vector512.FusedMultiplyAdd(w, v2, a12); a13 = Vector512.FusedMultiplyAdd(w, v3, a13);
            w = TRows.Load16(w2, i);
            a20 = Vector512.FusedMultiplyAdd(w, v0, a20); a21 = Vector512.FusedMultiplyAdd(w, v1, a21);
            a22 = Vector512.FusedMultiplyAdd(w, v2, a22); a23 = Vector512.FusedMultiplyAdd(w, v3, a23);
            w = TRows.Load16(w3, i);
            a30 = Vector512.FusedMultiplyAdd(w, v0, a30); a31 = Vector512.FusedMultiplyAdd(w, v1, a31);
            a32 = Vector512.FusedMultiplyAdd(w, v2, a32); a33 = Vector512.FusedMultiplyAdd(w, v3, a33);
        }
        StoreRow(job, o, b, w0, x0, i, a00, a01, a02, a03);
        StoreRow(job, o + 1, b, w1, x0, i, a10, a11, a12, a13);
        StoreRow(job, o + 2, b, w2, x0, i, a20, a21, a22, a23);
        StoreRow(job, o + 3, b, w3, x0, i, a30, a31, a32, a33);

        static void StoreRow(Job job, int o, int b, byte* w, float* x, int i, Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3)
        {
            Store(job, o, b, Vector512.Sum(s0) + Tail<TRows>(w, x, i, job.In));
            Store(job, o, b + 1, Vector512.Sum(s1) + Tail<TRows>(w, x + job.In, i, job.In));
            Store(job, o, b + 2, Vector512.Sum(s2) + Tail<TRows>(w, x + 2 * job.In, i, job.In));
            Store(job, o, b + 3, Vector512.Sum(s3) + Tail<TRows>(w, x + 3 * job.In, i, job.In));
        }
    }

    static float Dot<TRows>(byte* w, float* x, int n) where TRows : struct, IWeightRows
    {
        var acc = Vector512<float>.Zero;
        var i = 0;
        for (; i + 16 <= n; i += 16) acc = Vector512.FusedMultiplyAdd(TRows.Load16(w, i), Vector512.Load(x + i), acc);
        return Vector512.Sum(acc) + Tail<TRows>(w, x, i, n);
    }

    // The columns after the last full vector (in_features not a multiple of 16).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Tail<TRows>(byte* w, float* x, int from, int n) where TRows : struct, IWeightRows
    {
        var sum = 0f;
        for (var i = from; i < n; i++) sum += TRows.Load1(w, i) * x[i];
        return sum;
    }
}

/// <summary>How one weight element type is addressed and widened to float32.</summary>
unsafe interface IWeightRows
{
    static abstract byte* Row(byte* weight, int row, int inFeatures);
    static abstract Vector512<float> Load16(byte* row, int i);
    static abstract float Load1(byte* row, int i);
}

unsafe struct Float32Rows : IWeightRows
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte* Row(byte* weight, int row, int inFeatures) => weight + (nint)row * inFeatures * sizeof(float);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load16(byte* row, int i) => Vector512.Load((float*)row + i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load1(byte* row, int i) => ((float*)row)[i];
}

/// <summary>bfloat16 is the top half of a float32: widen to 32 bits and shift left by 16.</summary>
unsafe struct BFloat16Rows : IWeightRows
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte* Row(byte* weight, int row, int inFeatures) => weight + (nint)row * inFeatures * sizeof(ushort);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load16(byte* row, int i)
    {
        var raw = Vector256.Load((ushort*)row + i);
        var wide = Avx512F.IsSupported
            ? Avx512F.ConvertToVector512UInt32(raw)
            : Vector512.Create(Vector256.WidenLower(raw), Vector256.WidenUpper(raw));
        return Vector512.ShiftLeft(wide, 16).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load1(byte* row, int i) => BitConverter.Int32BitsToSingle(((ushort*)row)[i] << 16);
}

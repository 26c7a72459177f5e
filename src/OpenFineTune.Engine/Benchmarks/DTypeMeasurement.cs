namespace OpenFineTune.Engine.Benchmarks;

/// <summary>Every figure of one dtype's run: tok/s samples per measure (medians are reported), seconds, bytes.</summary>
internal sealed class DTypeMeasurement(string dtype, int layers, long parameters)
{
    public string DType { get; } = dtype;
    public int Layers { get; } = layers;
    public long Parameters { get; } = parameters;
    public Samples<int> Prefill { get; } = new();
    public List<double> Decode { get; } = [];
    public List<double> DecodeLibTorch { get; } = [];
    public Samples<int> BatchedModel { get; } = new();
    public Samples<int> Engine { get; } = new();
    public List<double> TimeToFirstToken { get; } = [];
    public long PeakRssBytes { get; set; }
    public (long AfterFirstWindow, long AfterAll)? Memory { get; set; }
}

/// <summary>Samples per key (prompt length, rows, concurrency), in the order keys were first seen.</summary>
internal sealed class Samples<TKey> where TKey : notnull
{
    readonly Dictionary<TKey, List<double>> _byKey = [];
    readonly List<TKey> _order = [];

    /// <summary>Adds a sample and returns it.</summary>
    public double Add(TKey key, double value)
    {
        if (!_byKey.TryGetValue(key, out var list))
        {
            _byKey[key] = list = [];
            _order.Add(key);
        }
        list.Add(value);
        return value;
    }

    public IEnumerable<TKey> Keys => _order;

    public double Median(TKey key) => Stats.Median(_byKey[key]);
}

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

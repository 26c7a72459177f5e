using System.Globalization;
using System.Text;

namespace OpenFineTune.Engine.Benchmarks;

/// <summary>The Markdown report: the machine and settings, then one table per dtype with llama.cpp's medians and ratios.</summary>
internal sealed class InferenceReport(InferenceBenchOptions options)
{
    readonly List<(DTypeMeasurement Measured, LlamaCppResult? Reference)> _sections = [];
    readonly string _loadBefore = LoadAverage();
    readonly DateTime _started = DateTime.UtcNow;

    public void Add(DTypeMeasurement measured, LlamaCppResult? reference) => _sections.Add((measured, reference));

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# Inference benchmark").AppendLine();
        md.AppendLine($"- model: `{options.ModelDirectory}` ({Count(_sections.FirstOrDefault().Measured?.Parameters ?? 0)} parameters)");
        md.AppendLine($"- machine: {CpuModel()}, {Environment.ProcessorCount} cores; {options.Threads} threads; started {_started:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine($"- load average (1/5/15 min): {_loadBefore} before, {LoadAverage()} after");
        md.AppendLine($"- medians of {options.Runs} run(s) after a warm-up; prefill = one forward of N random ids, last-row logits, greedy pick; " +
                      $"decode = {options.DecodeTokens} greedy tokens after a {ModelProbe.DecodePrompt}-token prompt");
        foreach (var (measured, reference) in _sections) Section(md, measured, reference);
        return md.ToString();
    }

    void Section(StringBuilder md, DTypeMeasurement m, LlamaCppResult? r)
    {
        md.AppendLine().AppendLine($"## {m.DType}" + (r is null ? "" : $" vs llama.cpp `{r.Gguf}`")).AppendLine();
        if (r?.OtherProcessesCores is > 0.2) md.AppendLine($"**Warning:** other processes used {r.OtherProcessesCores:0.00} cores during llama.cpp's run; discard these figures.").AppendLine();
        md.AppendLine("| measure | OpenFineTune | llama.cpp | ratio |").AppendLine("|---|---:|---:|---:|");
        foreach (var n in m.Prefill.Keys) Row(md, $"prefill {n} (tok/s)", m.Prefill.Median(n), r?.Prefill.GetValueOrDefault(n));
        var decode = Stats.Median(m.Decode);
        Row(md, $"decode {options.DecodeTokens} (tok/s)", decode, r?.Decode);
        if (m.DecodeLibTorch.Count > 0)
            Row(md, "decode, libtorch linear only (tok/s)", Stats.Median(m.DecodeLibTorch), r?.Decode, $"fast kernel ×{decode / Stats.Median(m.DecodeLibTorch):0.00}");
        foreach (var rows in m.BatchedModel.Keys)
            Row(md, $"model batched decode, {rows} rows (aggregate tok/s)", m.BatchedModel.Median(rows), null, $"×{m.BatchedModel.Median(rows) / decode:0.0} single");
        var single = m.Engine.Keys.Contains(1) ? m.Engine.Median(1) : double.NaN;
        foreach (var c in m.Engine.Keys)
            Row(md, c == 1 ? "engine decode, 1 request (tok/s)" : $"engine decode, {c} concurrent requests (aggregate tok/s)", m.Engine.Median(c), c == 1 ? r?.Decode : null,
                c == 1 ? null : $"×{m.Engine.Median(c) / single:0.0} single");
        md.AppendLine($"| time to first token, {options.TimeToFirstTokenPrompt}-token prompt (ms) | {Stats.Median(m.TimeToFirstToken) * 1000:0} | | |");
        md.AppendLine($"| peak RSS (MiB) | {m.PeakRssBytes >> 20} | | |");
        if (m.Memory is var (first, all))
        {
            var growth = first == 0 ? double.NaN : 100.0 * (all - first) / first;
            md.AppendLine($"| RSS after {options.MemoryCheckWindow} / {options.MemoryCheckTokens} decoded tokens (MiB) | {first >> 20} / {all >> 20} | | {growth:+0.00;-0.00}% |");
        }
    }

    static void Row(StringBuilder md, string name, double ours, double? theirs, string? note = null)
    {
        var ratio = note ?? (theirs is > 0 ? $"{ours / theirs.Value:0.00}×" : "");
        md.AppendLine($"| {name} | {ours:0.0} | {(theirs is { } t ? t.ToString("0.0", CultureInfo.InvariantCulture) : "")} | {ratio} |");
    }

    static string Count(long n) => n >= 1_000_000 ? $"{n / 1e6:0.0}M" : n.ToString(CultureInfo.InvariantCulture);

    static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    static string CpuModel() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
        : "unknown CPU";
}

using System.Diagnostics;
using System.Text.Json;

namespace OpenFineTune.Engine.Benchmarks;

/// <summary>llama.cpp's medians for one GGUF, from ../shared/tools/llamacpp-bench's bench.mjs.</summary>
internal sealed record LlamaCppResult(string Gguf, IReadOnlyDictionary<int, double> Prefill, double Decode, double? OtherProcessesCores);

/// <summary>
/// Runs the llama.cpp kit's bench.mjs on the GGUF it wrote next to the HF directory (kit layout:
/// <c>.cache/NAME/hf-bf16</c> beside <c>.cache/NAME/NAME-f32.gguf</c> and <c>-f16.gguf</c>), in this process's run,
/// so speeds become ratios measured under the same conditions.
/// </summary>
internal static class LlamaCppReference
{
    /// <summary>The GGUF for a model dtype: F32 for float32, F16 (2 bytes a weight, the closest) for bfloat16/float16.</summary>
    public static string? FindGguf(string modelDirectory, string dtype)
    {
        var suffix = dtype == "float32" ? "-f32.gguf" : "-f16.gguf";
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelDirectory).TrimEnd('/'));
        return folder is null ? null : Directory.EnumerateFiles(folder, "*" + suffix).FirstOrDefault();
    }

    public static async Task<LlamaCppResult> RunAsync(string kit, string gguf, InferenceBenchOptions options, IReadOnlyList<int> promptLengths,
        TextWriter progress, CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetTempPath(), $"openfinetune-llamacpp-{Environment.ProcessId}-{Path.GetFileNameWithoutExtension(gguf)}.json");
        var start = new ProcessStartInfo("node") { WorkingDirectory = Path.GetFullPath(kit), RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "bench.mjs", gguf, "--threads", $"{options.Threads}", "--runs", $"{options.Runs}",
                     "--prompt-lengths", string.Join(',', promptLengths), "--decode-tokens", $"{options.DecodeTokens}",
                     "--decode-prompt", $"{ModelProbe.DecodePrompt}", "--out", output })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node for the llama.cpp kit");
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) progress.WriteLine($"  llama.cpp | {e.Data}"); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) progress.WriteLine($"  llama.cpp | {e.Data}"); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0 || !File.Exists(output))
            throw new InvalidOperationException($"llama.cpp kit: `node bench.mjs {Path.GetFileName(gguf)}` in {kit} exited with {process.ExitCode}");
        try { return Parse(gguf, await File.ReadAllTextAsync(output, cancellationToken).ConfigureAwait(false)); }
        finally { File.Delete(output); }
    }

    static LlamaCppResult Parse(string gguf, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var results = root.GetProperty("results");
        var prefill = results.GetProperty("prefill").EnumerateObject()
            .ToDictionary(p => int.Parse(p.Name), p => Median(p.Value));
        double? other = root.TryGetProperty("machine", out var machine) && machine.TryGetProperty("other_processes_cpu_cores", out var cores)
            && cores.ValueKind == JsonValueKind.Number ? cores.GetDouble() : null;
        return new LlamaCppResult(Path.GetFileName(gguf), prefill, Median(results.GetProperty("decode")), other);
    }

    static double Median(JsonElement result) => result.GetProperty("tok_s").GetProperty("median").GetDouble();
}

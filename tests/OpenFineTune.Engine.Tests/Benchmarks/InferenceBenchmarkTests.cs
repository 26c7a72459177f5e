using OpenFineTune.Engine.Benchmarks;
using OpenFineTune.Engine.Models.BuiltIn;
using OpenFineTune.Engine.Tests.Models;

namespace OpenFineTune.Engine.Tests.Benchmarks;

/// <summary>The inference benchmark end to end on the built-in model with tiny counts: every row is reported (timings are not checked).</summary>
public class InferenceBenchmarkTests
{
    [Fact]
    public async Task ReportHasEveryMeasureForEveryDtype()
    {
        using var data = new TempDirectory();
        var model = BuiltInModel.EnsureCreated(data.Path);
        var options = new InferenceBenchOptions(model, ["float32", "bfloat16"], Threads: 1, PromptLengths: [4, 9], DecodeTokens: 3,
            Concurrency: [2], Runs: 1, TimeToFirstTokenPrompt: 6, MemoryCheckTokens: 12, MemoryCheckWindow: 4);
        var progress = new StringWriter();

        var report = await InferenceBenchmark.RunAsync(options, progress, CancellationToken.None);

        foreach (var dtype in new[] { "float32", "bfloat16" })
        {
            var section = report[report.IndexOf($"## {dtype}", StringComparison.Ordinal)..];
            foreach (var row in new[]
                     {
                         "| prefill 4 (tok/s) | ", "| prefill 9 (tok/s) | ", "| decode 3 (tok/s) | ", "| decode, libtorch linear only (tok/s) | ",
                         "| model batched decode, 2 rows (aggregate tok/s) | ", "| engine decode, 1 request (tok/s) | ",
                         "| engine decode, 2 concurrent requests (aggregate tok/s) | ", "| time to first token, 6-token prompt (ms) | ",
                         "| peak RSS (MiB) | ", "| RSS after 4 / 12 decoded tokens (MiB) | ",
                     })
                Assert.Contains(row, section);
        }
        Assert.DoesNotContain("NaN", report);
        Assert.Contains("threads", report);
    }
}

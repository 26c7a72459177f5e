using Xunit.Abstractions;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>
/// Runs tests/e2e (node's test runner, official npm <c>openai</c> SDK) against a real server process, once with
/// auth off and once with <c>--api-key</c>: the tutorial's upload step, files round trips, error envelopes, auth;
/// and uploads made with the SDK checked with the SDK after a graceful restart and after kill -9.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class NpmOpenAISdkTests(ITestOutputHelper log)
{
    static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public Task NodeSdkScenariosPassWithAuthOff() => RunNodeTestsAsync(apiKey: null);

    [Fact]
    public Task NodeSdkScenariosPassWithAuthOn() => RunNodeTestsAsync(apiKey: "sk-e2e-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task SdkUploadsSurviveRestartAndKillNine()
    {
        await NpmPackage.EnsureInstalledAsync();
        using var dataDir = new TempDirectory();
        var manifest = Path.Combine(dataDir.Path, "..", Path.GetFileName(dataDir.Path) + "-manifest.json");
        try
        {
            using var first = await ServerProcess.StartAsync(dataDir.Path);
            await AssertNodePassesAsync(first, null, ["restart/upload.mjs"], manifest);
            await first.StopAsync();
            using var second = await first.StartAgainAsync();
            await AssertNodePassesAsync(second, null, ["restart/verify.mjs"], manifest);
            second.KillHard();
            using var third = await second.StartAgainAsync();
            await AssertNodePassesAsync(third, null, ["restart/verify.mjs"], manifest);
        }
        finally { File.Delete(manifest); }
    }

    async Task RunNodeTestsAsync(string? apiKey)
    {
        await NpmPackage.EnsureInstalledAsync();
        using var dataDir = new TempDirectory();
        using var server = await ServerProcess.StartAsync(dataDir.Path, apiKey is null ? [] : ["--api-key", apiKey]);
        await AssertNodePassesAsync(server, apiKey, [], manifest: null);
    }

    /// <summary>Runs <c>node --test [files]</c> (no files: every *.test.mjs) with the SDK's environment pointed at the server.</summary>
    async Task AssertNodePassesAsync(ServerProcess server, string? apiKey, string[] files, string? manifest)
    {
        var environment = new Dictionary<string, string>
        {
            ["OPENAI_BASE_URL"] = server.ApiBaseUrl,
            ["OPENAI_API_KEY"] = apiKey ?? "sk-noauth",
            ["OFT_AUTH"] = apiKey is null ? "off" : "on",
        };
        if (manifest is not null) environment["OFT_MANIFEST"] = manifest;
        var result = await ChildProcess.RunAsync("node", ["--test", "--test-reporter=spec", .. files], NpmPackage.Directory, environment, NodeTimeout);

        log.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, $"node --test exited {result.ExitCode}:\n{result.Output}\n--- server output ---\n{server.Output}");
        // A glob that matched nothing also exits 0: the run must have passed tests and failed none.
        Assert.Matches(@"(?m)^\u2139 pass [1-9]\d*$", result.Output);
        Assert.Matches(@"(?m)^\u2139 fail 0$", result.Output);
    }
}

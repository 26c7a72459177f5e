using Xunit.Abstractions;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>
/// Runs tests/e2e (node's test runner, official npm <c>openai</c> SDK) against a real server process, once with
/// auth off and once with <c>--api-key</c>: the tutorial's upload step, files round trips, error envelopes, auth.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class NpmOpenAISdkTests(ITestOutputHelper log)
{
    static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public Task NodeSdkScenariosPassWithAuthOff() => RunNodeTestsAsync(apiKey: null);

    [Fact]
    public Task NodeSdkScenariosPassWithAuthOn() => RunNodeTestsAsync(apiKey: "sk-e2e-" + Guid.NewGuid().ToString("N"));

    async Task RunNodeTestsAsync(string? apiKey)
    {
        await NpmPackage.EnsureInstalledAsync();
        using var dataDir = new TempDirectory();
        using var server = await ServerProcess.StartAsync(dataDir.Path, apiKey is null ? [] : ["--api-key", apiKey]);

        var result = await ChildProcess.RunAsync("node", ["--test", "--test-reporter=spec"], NpmPackage.Directory,
            new Dictionary<string, string>
            {
                ["OPENAI_BASE_URL"] = server.ApiBaseUrl,
                ["OPENAI_API_KEY"] = apiKey ?? "sk-noauth",
                ["OFT_AUTH"] = apiKey is null ? "off" : "on",
            }, NodeTimeout);

        log.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, $"node --test exited {result.ExitCode}:\n{result.Output}\n--- server output ---\n{server.Output}");
    }
}

using Xunit.Abstractions;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>
/// The Spanish tutorial's steps 3–6 against a real server on the built-in model: upload a support-chat JSONL, create a
/// job with no hyper-parameters, poll it to <c>succeeded</c>, read events and checkpoints, and chat with the ft: model.
/// The script (tests/e2e/tutorial/finetune.mjs, official npm <c>openai</c> SDK) asserts the job's fields and the
/// answers' similarity (ft ≥ 0.8, base ≤ 0.4); this test asserts it ran to the end and passed.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TutorialFineTuneTests(ITestOutputHelper log)
{
    // Bounds a hung run only (the script's own poll limit is 15 minutes); the time is printed, never asserted.
    static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(25);

    [Fact]
    public async Task NpmSdkTutorialTrainsAnFtModelThatReproducesTheTrainingAnswers()
    {
        await NpmPackage.EnsureInstalledAsync();
        using var dataDir = new TempDirectory();
        // One training thread: the CI machine has two cores and node plus the server's request threads need the other.
        using var server = await ServerProcess.StartAsync(dataDir.Path, "--threads", "1");

        var result = await ChildProcess.RunAsync("node", ["tutorial/finetune.mjs"], NpmPackage.Directory, SdkEnvironment(server), ScriptTimeout);

        log.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, $"tutorial/finetune.mjs exited {result.ExitCode}:\n{result.Output}\n--- server output ---\n{server.Output}");
        Assert.Contains("TUTORIAL OK", result.Output);
    }

    /// <summary>What a user's unmodified script reads: the SDK's base URL and key from the environment.</summary>
    static Dictionary<string, string> SdkEnvironment(ServerProcess server) => new()
    {
        ["OPENAI_BASE_URL"] = server.ApiBaseUrl,
        ["OPENAI_API_KEY"] = "sk-noauth",
    };
}


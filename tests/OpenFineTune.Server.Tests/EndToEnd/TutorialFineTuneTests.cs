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

    /// <summary>
    /// The seed tutorial's own Python (steps 3–6 as printed, tests/e2e/tutorial/seed_tutorial.py) with the official
    /// Python SDK vendored in ../shared: it asks for gpt-4o-mini-2024-07-18 with n_epochs 3, batch_size 1 and
    /// learning_rate_multiplier 1.8, which the server maps to the built-in model. Three epochs teach the random base
    /// little, so only the workflow is asserted: the job succeeds and the ft: model answers.
    /// </summary>
    [PythonSdkFact]
    public async Task SeedTutorialPythonCodeRunsUnchanged()
    {
        using var dataDir = new TempDirectory();
        using var workDir = new TempDirectory("oft-tutorial-py-");
        File.Copy(TestPaths.SupportChats, Path.Combine(workDir.Path, "training_data.jsonl"));
        using var server = await ServerProcess.StartAsync(dataDir.Path, "--threads", "1", "--model-alias", "gpt-4o-mini-2024-07-18=openfinetune-tiny");
        var environment = SdkEnvironment(server);
        environment["PYTHONPATH"] = PythonSdkFactAttribute.VendoredSdk;

        var script = Path.Combine(NpmPackage.Directory, "tutorial", "seed_tutorial.py");
        var result = await ChildProcess.RunAsync(PythonSdkFactAttribute.Python, ["-u", script], workDir.Path, environment, ScriptTimeout);

        log.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, $"seed_tutorial.py exited {result.ExitCode}:\n{result.Output}\n--- server output ---\n{server.Output}");
        Assert.Contains("Status: succeeded", result.Output);
        // Paso 6 prints the ft: model's answer as the script's last output, after "Modelo listo: ft:…".
        Assert.Matches(@"Modelo listo: ft:\S+\n\s*\S", result.Output);
    }

    /// <summary>What a user's unmodified script reads: the SDK's base URL and key from the environment.</summary>
    static Dictionary<string, string> SdkEnvironment(ServerProcess server) => new()
    {
        ["OPENAI_BASE_URL"] = server.ApiBaseUrl,
        ["OPENAI_API_KEY"] = "sk-noauth",
    };
}

/// <summary>
/// A fact that runs only where /usr/bin/python3 can import the vendored SDK's dependencies (httpx, pydantic); the
/// SDK itself comes from ../shared/vendor. Any other problem is a failure, not a skip.
/// </summary>
sealed class PythonSdkFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";
    public static string VendoredSdk => Path.Combine(TestPaths.Shared, "vendor", "openai-python", "src");

    public PythonSdkFactAttribute()
    {
        if (!HasSdkDependencies()) Skip = $"{Python} cannot import httpx and pydantic, which the vendored openai SDK needs";
    }

    static bool HasSdkDependencies()
    {
        if (!File.Exists(Python)) return false;
        var result = ChildProcess.RunAsync(Python, ["-c", "import httpx, pydantic"], Path.GetTempPath(), null, TimeSpan.FromSeconds(60))
            .GetAwaiter().GetResult();
        return result.ExitCode == 0;
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>
/// The four tutorial scripts in clients/ (Python, Node, C#, curl), run as a user runs them, against one real server
/// that maps the seed's <c>gpt-4o-mini-2024-07-18</c> to the built-in model. Each must exit 0 having fine-tuned with
/// the seed's hyper-parameters and printed an answer from its ft: model; the job is checked on the server too.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class ClientsTutorialTests(ClientsServer server, ITestOutputHelper log) : IClassFixture<ClientsServer>
{
    // Bounds a hung run only; three epochs of the 24-example sample take well under a minute on an idle machine.
    static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(25);
    static string Clients => Path.Combine(TestPaths.RepoRoot, "clients");
    // The SDK tells child processes which dotnet runs the tests; use the same one.
    static readonly string DotnetHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    [PythonSdkFact]
    public async Task PythonScript()
    {
        var environment = server.SdkEnvironment();
        environment["PYTHONPATH"] = PythonSdkFactAttribute.VendoredSdk;
        await RunAndAssertAsync(PythonSdkFactAttribute.Python, ["-u", Path.Combine(Clients, "python", "tutorial.py")], Clients, environment);
    }

    [Fact]
    public async Task NodeScript()
    {
        var directory = Path.Combine(Clients, "node");
        await NpmCi(directory);
        await RunAndAssertAsync("node", ["tutorial.mjs"], directory, server.SdkEnvironment());
    }

    [Fact]
    public async Task CSharpScript()
    {
        // As the README says to run it: dotnet run builds the project first, with the repository's warnings-as-errors.
        var project = Path.Combine(Clients, "csharp");
        await RunAndAssertAsync(DotnetHost, ["run", "--project", project, "-c", "Release"], Clients, server.SdkEnvironment());
    }

    [JqFact]
    public async Task CurlScript() =>
        await RunAndAssertAsync("bash", [Path.Combine(Clients, "curl", "tutorial.sh")], Clients, server.SdkEnvironment());

    async Task RunAndAssertAsync(string program, string[] args, string workingDirectory, Dictionary<string, string> environment)
    {
        var result = await ChildProcess.RunAsync(program, args, workingDirectory, environment, ScriptTimeout);
        log.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)} exited {result.ExitCode}:\n{result.Output}\n--- server output ---\n{server.Output}");

        var jobId = JobCreated().Match(result.Output).Groups[1].Value;
        var ftModel = ModelReady().Match(result.Output).Groups[1].Value;
        Assert.True(jobId.Length > 0 && ftModel.Length > 0, $"no 'Job creado:' or 'Modelo listo:' line:\n{result.Output}");
        var answer = Regex.Match(result.Output, $@"^--- {Regex.Escape(ftModel)} ---\n(.*?)^--- ", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(answer.Success && answer.Groups[1].Value.Trim().Length > 0, $"no answer from {ftModel}:\n{result.Output}");

        // What the server recorded: the seed's model name and hyper-parameters, succeeded, the printed ft: model.
        using var job = JsonDocument.Parse(await server.GetStringAsync($"v1/fine_tuning/jobs/{jobId}"));
        var root = job.RootElement;
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.Equal(ftModel, root.GetProperty("fine_tuned_model").GetString());
        Assert.Equal(ClientsServer.SeedModel, root.GetProperty("model").GetString());
        var hyperparameters = root.GetProperty("hyperparameters");
        Assert.Equal(3, hyperparameters.GetProperty("n_epochs").GetInt32());
        Assert.Equal(1, hyperparameters.GetProperty("batch_size").GetInt32());
        Assert.Equal(1.8, hyperparameters.GetProperty("learning_rate_multiplier").GetDouble(), 6);
    }

    /// <summary>What the README tells users to run first: <c>npm ci</c>, once, when node_modules lacks the locked SDK.</summary>
    static async Task NpmCi(string directory)
    {
        if (File.Exists(Path.Combine(directory, "node_modules", "openai", "package.json"))) return;
        var result = await ChildProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], directory, null, TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, $"npm ci failed in {directory} (exit {result.ExitCode}):\n{result.Output}");
    }

    [GeneratedRegex(@"^Job creado: (ftjob-\S+)$", RegexOptions.Multiline)]
    private static partial Regex JobCreated();

    [GeneratedRegex(@"^Modelo listo: (ft:\S+)$", RegexOptions.Multiline)]
    private static partial Regex ModelReady();
}

/// <summary>
/// One server for the four scripts: the seed's model name is an alias of the built-in model, and an API key is
/// required, so a script that did not send OPENAI_API_KEY fails.
/// </summary>
public sealed class ClientsServer : IAsyncLifetime
{
    public const string SeedModel = "gpt-4o-mini-2024-07-18";
    readonly string _apiKey = "sk-clients-" + Guid.NewGuid().ToString("N");
    readonly TempDirectory _dataDir = new();
    ServerProcess? _server;

    ServerProcess Server => _server ?? throw new InvalidOperationException("server not started");
    public string Output => Server.Output;

    // One training thread: the CI machine has two cores and the script plus the server's request threads need the other.
    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync(_dataDir.Path,
            "--threads", "1", "--model-alias", $"{SeedModel}=openfinetune-tiny", "--api-key", _apiKey);

    /// <summary>What a user's unmodified script reads: the SDK's base URL and key from the environment.</summary>
    public Dictionary<string, string> SdkEnvironment() => new()
    {
        ["OPENAI_BASE_URL"] = Server.ApiBaseUrl,
        ["OPENAI_API_KEY"] = _apiKey,
        ["POLL_SECONDS"] = "1",
    };

    public async Task<string> GetStringAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new("Bearer", _apiKey);
        return await http.GetStringAsync(path);
    }

    public Task DisposeAsync()
    {
        _server?.Dispose();
        _dataDir.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A fact that runs only where jq is installed (.ci/run installs it from Debian); the curl script needs it.</summary>
sealed class JqFactAttribute : FactAttribute
{
    public JqFactAttribute()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "jq")));
        if (!onPath) Skip = "jq is not installed; clients/curl/tutorial.sh needs it (.ci/run installs it)";
    }
}

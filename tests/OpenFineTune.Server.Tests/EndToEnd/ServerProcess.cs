using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>
/// The real server as a child process (<c>dotnet OpenFineTune.Server.dll --urls … --data-dir …</c>), the way a user
/// runs the published dll. Output is captured for failure messages; Dispose always kills what is still running.
/// </summary>
sealed class ServerProcess : IDisposable
{
    // A cold start on a loaded 2-core CI machine (JIT, LiteDB open, temp-file sweep) can take long; only failure waits this.
    static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(180);
    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    const int SIGTERM = 15;
    // The SDK tells child processes which dotnet runs the tests; use the same one.
    static readonly string DotnetHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    readonly Process _process;
    readonly StringBuilder _output = new();

    ServerProcess(Process process, Uri baseUrl, string dataDir, IReadOnlyList<string> extraArgs)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDir = dataDir;
        ExtraArgs = extraArgs;
    }

    /// <summary>Root URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>What an SDK's base URL is set to (OPENAI_BASE_URL): the root plus <c>/v1</c>.</summary>
    public string ApiBaseUrl => new Uri(BaseUrl, "v1").ToString();

    public string DataDir { get; }
    public IReadOnlyList<string> ExtraArgs { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the server wrote to stdout and stderr so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the server on a free port over <paramref name="dataDir"/> and waits until /health answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDir, params string[] extraArgs)
    {
        for (var attempt = 1; ; attempt++)
        {
            var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}/");
            var server = new ServerProcess(Launch(baseUrl, dataDir, extraArgs), baseUrl, dataDir, extraArgs);
            try { await server.WaitForHealthAsync(); return server; }
            // The free port can be taken by someone else between our probe and the server's bind: try another.
            catch (InvalidOperationException) when (attempt < 3 && server.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                server.Dispose();
            }
            catch { server.Dispose(); throw; }
        }
    }

    /// <summary>A new process over the same data dir with the same options (on a fresh port).</summary>
    public Task<ServerProcess> StartAgainAsync() => StartAsync(DataDir, [.. ExtraArgs]);

    /// <summary>Graceful stop, as Ctrl+C or <c>docker stop</c> does it: SIGTERM, then wait for exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        if (kill(_process.Id, SIGTERM) != 0) throw new InvalidOperationException($"kill(SIGTERM) failed, errno {Marshal.GetLastPInvokeError()}");
        using var timeout = new CancellationTokenSource(StopTimeout);
        try { await _process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { throw new TimeoutException($"server did not stop within {StopTimeout}.\n{Output}"); }
    }

    /// <summary><c>kill -9</c> of the server process only: no shutdown code runs, open files stay as they were.</summary>
    public void KillHard()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>Peak resident set size so far (VmHWM in /proc/&lt;pid&gt;/status), in bytes.</summary>
    public long PeakRssBytes() => ProcStatus.PeakRssBytes(_process.Id);

    public void Dispose()
    {
        try { KillHard(); } catch (InvalidOperationException) { /* never started or already reaped */ }
        _process.Dispose();
    }

    static Process Launch(Uri baseUrl, string dataDir, IReadOnlyList<string> extraArgs)
    {
        var dll = ServerDll.Path;
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Like the published dll run from its folder: appsettings.json is found beside it.
            WorkingDirectory = System.IO.Path.GetDirectoryName(dll)!,
        };
        foreach (var arg in new[] { dll, "--urls", baseUrl.ToString().TrimEnd('/'), "--data-dir", dataDir }.Concat(extraArgs))
            start.ArgumentList.Add(arg);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        return process;
    }

    async Task WaitForHealthAsync()
    {
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + StartupTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"server exited with code {_process.ExitCode} before /health answered.\n{Output}");
            if (await IsHealthyAsync(http)) return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"/health did not answer 200 within {StartupTimeout}.\n{Output}");
    }

    static async Task<bool> IsHealthyAsync(HttpClient http)
    {
        try { return (await http.GetAsync("health")).StatusCode == HttpStatusCode.OK; }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int sig);
}

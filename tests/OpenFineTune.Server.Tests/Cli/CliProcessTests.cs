using System.Net.Http.Json;
using System.Text.Json;
using OpenFineTune.Server.Tests.EndToEnd;

namespace OpenFineTune.Server.Tests.Cli;

/// <summary>The published dll: commands exit with their codes, and `serve` as a word starts the same server.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class CliProcessTests : IDisposable
{
    static readonly string DotnetHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    readonly string _dir = Directory.CreateTempSubdirectory("oft-cli-process-").FullName;

    [Fact]
    public async Task ValidateExitsWith1AndNamesTheLineOfABadFile()
    {
        var file = Path.Combine(_dir, "bad.jsonl");
        await File.WriteAllTextAsync(file, "{\"messages\": [{\"role\": \"bot\", \"content\": \"hi\"}]}\n");

        var result = await ChildProcess.RunAsync(DotnetHost, [ServerDll.Path, "validate", file, "--data-dir", _dir], _dir, null, TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("line 1, messages[0].role: expected one of system, user, assistant, tool; got \"bot\"", result.Output);
    }

    [Fact]
    public async Task TheServeCommandStartsTheServerWithItsOptions()
    {
        using var server = await ServerProcess.StartAsync(Path.Combine(_dir, "data"), "serve", "--api-key", "sk-cli");
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync("v1/models")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new("Bearer", "sk-cli");
        var models = await http.GetFromJsonAsync<JsonElement>("v1/models");

        Assert.Equal("openfinetune-tiny", models.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Contains("OpenFineTune models: openfinetune-tiny", server.Output);
        await server.StopAsync();
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

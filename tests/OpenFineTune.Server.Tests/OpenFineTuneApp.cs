using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;

namespace OpenFineTune.Server.Tests;

/// <summary>A fresh server per test: its own temp data dir, optional settings (config keys) and service overrides.</summary>
sealed class OpenFineTuneApp(Dictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public string DataDir { get; } = Directory.CreateTempSubdirectory("oft-test-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpenFineTune:DataDir", DataDir);
        foreach (var (key, value) in settings ?? []) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureServices(services);
    }

    /// <summary>The official OpenAI .NET SDK, pointed at this server exactly as a user would point it at OpenAI.</summary>
    public OpenAIClient Sdk(string apiKey = "sk-noauth")
    {
        var http = CreateClient();
        return new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }
}

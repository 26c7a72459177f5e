using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Hosting;

namespace OpenFineTune.Server.Tests.Errors;

/// <summary>
/// JSON bodies (fine-tuning jobs, chat) go through the same protocol pieces as the real server: AddOpenAIApi,
/// UseRequestContext, UseOpenAIErrors. No JSON-bodied route exists yet, so this builds those pieces around a probe route.
/// </summary>
public class JsonBodyErrorTests
{
    public sealed record ProbeRequest(string Model, int? NEpochs);

    static async Task<(WebApplication App, HttpClient Client)> StartProbe()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddOpenAIApi();
        var app = builder.Build();
        app.UseRequestContext();
        app.UseOpenAIErrors();
        app.MapPost("/v1/probe", (ProbeRequest r) => TypedResults.Ok(r));
        await app.StartAsync();
        return (app, app.GetTestClient());
    }

    static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task MalformedJsonIs400()
    {
        var (app, client) = await StartProbe();
        await using var _ = app;

        var error = await Envelope.AssertError(await client.PostAsync("/v1/probe", Json("""{"model": "x",""")), 400);

        Assert.Equal("invalid_request_error", error.Str("type"));
        Assert.Contains("could not parse the JSON body", error.Str("message"));
    }

    [Fact]
    public async Task AFieldOfTheWrongTypeIs400NamingTheField()
    {
        var (app, client) = await StartProbe();
        await using var _ = app;

        var error = await Envelope.AssertError(await client.PostAsync("/v1/probe", Json("""{"model":"x","n_epochs":"three"}""")), 400);

        Assert.Equal("n_epochs", error.Str("param"));
        Assert.Contains("n_epochs", error.Str("message"));
    }

    [Fact]
    public async Task AMissingBodyIs400()
    {
        var (app, client) = await StartProbe();
        await using var _ = app;

        await Envelope.AssertError(await client.PostAsync("/v1/probe", Json("")), 400);
    }

    [Fact]
    public async Task UnknownFieldsAreIgnoredAndRepliesAreSnakeCase()
    {
        var (app, client) = await StartProbe();
        await using var _ = app;

        var response = await client.PostAsync("/v1/probe", Json("""{"model":"x","n_epochs":3,"vendor_extra":{"a":1}}"""));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("""{"model":"x","n_epochs":3}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task JsonSentToAMultipartRouteIs415()
    {
        await using var app = new OpenFineTuneApp();

        await Envelope.AssertError(await app.CreateClient().PostAsync("/v1/files", Json("{}")), 415);
    }
}

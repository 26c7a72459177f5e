using System.ClientModel;
using System.Net.Http.Headers;

namespace OpenFineTune.Server.Tests.Auth;

public class ApiKeyTests
{
    static OpenFineTuneApp WithKeys() => new(new() { ["OpenFineTune:ApiKeys:0"] = "sk-first", ["OpenFineTune:ApiKeys:1"] = "sk-second" });

    static HttpRequestMessage Get(string path, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk-wrong")]
    [InlineData("sk-firs")]
    [InlineData("sk-first-and-more")]
    public async Task MissingOrWrongKeyIs401InvalidApiKey(string? bearer)
    {
        await using var app = WithKeys();

        var error = await Envelope.AssertError(await app.CreateClient().SendAsync(Get("/v1/files", bearer)), 401);

        Assert.Equal("invalid_api_key", error.Str("code"));
    }

    [Theory]
    [InlineData("sk-first")]
    [InlineData("sk-second")]
    public async Task AnyConfiguredKeyIsAccepted(string bearer)
    {
        await using var app = WithKeys();

        var response = await app.CreateClient().SendAsync(Get("/v1/models", bearer));

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task UnknownV1RoutesNeedTheKeyTooButHealthDoesNot()
    {
        await using var app = WithKeys();
        var client = app.CreateClient();

        await Envelope.AssertError(await client.SendAsync(Get("/v1/no-such-thing", null)), 401);
        await Envelope.AssertHealthy(client);
    }

    [Fact]
    public async Task TheSdkWithAWrongKeySeesAuthenticationFailure()
    {
        await using var app = WithKeys();

        var error = await Assert.ThrowsAsync<ClientResultException>(() => app.Sdk("sk-wrong").GetOpenAIModelClient().GetModelsAsync());

        Assert.Equal(401, error.Status);
        Assert.Contains("Incorrect API key", error.Message);
    }

    [Fact]
    public async Task WithoutConfiguredKeysAnyKeyOrNoneIsAccepted()
    {
        await using var app = new OpenFineTuneApp();
        var client = app.CreateClient();

        Assert.Equal(200, (int)(await client.SendAsync(Get("/v1/files", null))).StatusCode);
        Assert.Equal(200, (int)(await client.SendAsync(Get("/v1/files", "sk-noauth"))).StatusCode);
        Assert.Single((await app.Sdk("anything").GetOpenAIModelClient().GetModelsAsync()).Value);
    }
}

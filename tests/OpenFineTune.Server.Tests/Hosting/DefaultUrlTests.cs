using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using OpenFineTune.Server.Hosting;

namespace OpenFineTune.Server.Tests.Hosting;

public class DefaultUrlTests
{
    static string? UrlsAfterDefault(params string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.UseDefaultUrlUnlessConfigured();
        return builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
    }

    [Fact]
    public void WithoutUrlsTheServerListensOnLocalhostPort8000()
    {
        if (Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is not null) return; // the environment already chose
        Assert.Equal("http://127.0.0.1:8000", UrlsAfterDefault());
    }

    [Fact]
    public void GivenUrlsWin()
    {
        Assert.Equal("http://127.0.0.1:9999", UrlsAfterDefault("--urls", "http://127.0.0.1:9999"));
    }
}

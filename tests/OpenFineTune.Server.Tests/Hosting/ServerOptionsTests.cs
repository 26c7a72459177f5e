using Microsoft.Extensions.Configuration;
using OpenFineTune.Server.Hosting;

namespace OpenFineTune.Server.Tests.Hosting;

/// <summary>Our CLI spelling, through the stock ASP.NET command-line provider and binder, lands in ServerOptions.</summary>
public class ServerOptionsTests
{
    static ServerOptions Bind(params string[] args)
    {
        var config = new ConfigurationBuilder().AddCommandLine(CommandLineOptions.Translate(args)).Build();
        return config.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
    }

    [Fact]
    public void RepeatedOptionsAreAllKept()
    {
        var options = Bind("--api-key", "a", "--model", "/m/one", "--api-key=b", "--model", "/m/two", "--model-alias", "gpt-4o-mini=one");

        Assert.Equal(["a", "b"], options.ApiKeys);
        Assert.Equal(["/m/one", "/m/two"], options.Models);
        Assert.Equal(["gpt-4o-mini=one"], options.ModelAliases);
    }

    [Fact]
    public void ScalarOptionsBind()
    {
        var options = Bind("--data-dir", "/srv/oft", "--max-upload-bytes", "1024", "--organization=acme");

        Assert.Equal("/srv/oft", options.DataDir);
        Assert.Equal(1024, options.MaxUploadBytes);
        Assert.Equal("acme", options.Organization);
    }

    [Fact]
    public void DefaultsMatchOpenAI()
    {
        var options = Bind();

        Assert.Equal("./data", options.DataDir);
        Assert.Equal(512L * 1024 * 1024, options.MaxUploadBytes);
        Assert.Equal("local", options.Organization);
        Assert.Empty(options.EffectiveApiKeys);
    }

    [Fact]
    public void StandardAspNetArgumentsPassThroughUntouched()
    {
        Assert.Equal(["--urls", "http://127.0.0.1:0", "--environment=Development"],
            CommandLineOptions.Translate(["--urls", "http://127.0.0.1:0", "--environment=Development"]));
    }

    [Fact]
    public void TheServeCommandWordIsNotPassedToTheHost()
    {
        Assert.Equal(["--OpenFineTune:DataDir=/srv/oft", "--urls", "http://127.0.0.1:0"],
            CommandLineOptions.WebApplicationOptions(["serve", "--data-dir", "/srv/oft", "--urls", "http://127.0.0.1:0"]).Args!);
    }

    [Fact]
    public void AnOptionWithoutItsValueIsRefusedWithItsName()
    {
        var error = Assert.Throws<ArgumentException>(() => CommandLineOptions.Translate(["--data-dir"]));

        Assert.Contains("--data-dir", error.Message);
    }
}

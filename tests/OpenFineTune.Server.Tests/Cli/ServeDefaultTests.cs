using OpenFineTune.Server.Cli;

namespace OpenFineTune.Server.Tests.Cli;

/// <summary>Serving stays the default, and its arguments reach the host unchanged (ASP.NET's own options included).</summary>
public class ServeDefaultTests
{
    [Theory]
    [InlineData]
    [InlineData("--data-dir", "/srv/oft", "--api-key", "a", "--api-key=b", "--urls", "http://127.0.0.1:0")]
    [InlineData("--environment=Development", "--OpenFineTune:Organization=acme", "--model", "smol=/models/smol")]
    public void NoCommandServesWithEveryArgument(params string[] args)
    {
        Assert.Null(CliRun.Run(args).ExitCode);
        Assert.Equal(args, CommandLineApp.ServeArguments(args));
    }

    [Fact]
    public void TheServeCommandServesWithTheArgumentsAfterIt()
    {
        string[] args = ["serve", "--data-dir", "/srv/oft", "--urls", "http://127.0.0.1:0"];

        Assert.Null(CliRun.Run(args).ExitCode);
        Assert.Equal(["--data-dir", "/srv/oft", "--urls", "http://127.0.0.1:0"], CommandLineApp.ServeArguments(args));
    }

    [Fact]
    public void AnOptionValueNamedLikeACommandIsKept()
    {
        string[] args = ["--organization", "serve"];

        Assert.Null(CliRun.Run(args).ExitCode);
        Assert.Equal(args, CommandLineApp.ServeArguments(args));
    }

    [Theory]
    [InlineData("--threads", "two")]
    [InlineData("serve", "--max-upload-bytes", "lots")]
    [InlineData("--device", "tpu")]
    public void AMistypedServerOptionIsAUsageErrorNamingIt(string first, params string[] rest)
    {
        var result = CliRun.Run([first, .. rest]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(rest[^1], result.Error);
    }
}

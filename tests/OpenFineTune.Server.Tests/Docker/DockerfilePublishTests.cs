using System.Text.RegularExpressions;

namespace OpenFineTune.Server.Tests.Docker;

/// <summary>
/// No Docker engine runs in CI, so .ci/run runs the image's publish command and starts the result instead. These
/// tests keep that stand-in honest: the same publish command (only the output folder differs), the CUDA image's
/// command is the CPU one plus the backend switch, and each image's port, volume and health check agree.
/// </summary>
public partial class DockerfilePublishTests
{
    static string Read(params string[] path) => File.ReadAllText(Path.Combine([TestPaths.RepoRoot, .. path]));

    [Fact]
    public void CiRunsTheDockerfilesPublishCommand()
    {
        var image = PublishCommand(Read("Dockerfile"), "Dockerfile");
        var ci = PublishCommand(Read(".ci", "run"), ".ci/run");

        Assert.Equal(image, ci);
    }

    [Fact]
    public void CudaImagePublishesTheSameWayWithTheCudaBackend()
    {
        var cpu = PublishCommand(Read("Dockerfile"), "Dockerfile");
        var cuda = PublishCommand(Read("docker", "Dockerfile.cuda"), "docker/Dockerfile.cuda");

        Assert.Contains("-p:TorchBackend=cuda", cuda);
        Assert.Equal(cpu, cuda.Where(arg => arg != "-p:TorchBackend=cuda"));
    }

    [Theory]
    [InlineData("Dockerfile")]
    [InlineData("docker/Dockerfile.cuda")]
    public void PortVolumeAndHealthCheckAgree(string file)
    {
        var text = Read(file.Split('/'));

        Assert.Matches(@"(?m)^EXPOSE 8000$", text);
        Assert.Matches(@"ASPNETCORE_HTTP_PORTS=8000\b", text);
        Assert.Matches(@"(?m)^HEALTHCHECK .*http://127\.0\.0\.1:8000/health", text);
        Assert.Matches(@"(?m)^VOLUME /data$", text);
        Assert.Matches(@"OpenFineTune__DataDir=/data\b", text);
        Assert.Matches(@"(?m)^USER \$APP_UID$", text);
    }

    /// <summary>The one <c>dotnet publish</c> command in a file, as arguments, with the output folder blanked.</summary>
    static List<string> PublishCommand(string text, string file)
    {
        var commands = PublishLine().Matches(text);
        Assert.True(commands.Count == 1, $"{file}: expected one 'dotnet publish' command, found {commands.Count}");
        var args = commands[0].Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var output = args.IndexOf("-o");
        Assert.True(output >= 0 && output + 1 < args.Count, $"{file}: 'dotnet publish' has no -o folder");
        args[output + 1] = "<output>";
        return args;
    }

    [GeneratedRegex(@"(?m)^(?:RUN )?(dotnet publish .*)$")]
    private static partial Regex PublishLine();
}

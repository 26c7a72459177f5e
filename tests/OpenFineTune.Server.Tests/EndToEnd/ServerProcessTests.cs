using System.Net;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>The harness itself: the dll starts, answers /health, stops on SIGTERM, dies on kill -9, and starts again.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ServerProcessTests
{
    [Fact]
    public async Task StartsOnItsPortAndStopsGracefullyOnSigterm()
    {
        using var dataDir = new TempDirectory();
        using var server = await ServerProcess.StartAsync(dataDir.Path);
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(server.BaseUrl, "health"))).StatusCode);
        Assert.InRange(server.PeakRssBytes(), 1L << 20, long.MaxValue); // a .NET server's resident set is megabytes
        await server.StopAsync();

        Assert.True(server.HasExited);
        Assert.Contains(server.BaseUrl.Authority, server.Output); // startup prints the URL
    }

    [Fact]
    public async Task KillHardEndsTheProcessAndANewOneStartsOnTheSameDataDir()
    {
        using var dataDir = new TempDirectory();
        using var first = await ServerProcess.StartAsync(dataDir.Path);
        first.KillHard();
        Assert.True(first.HasExited);

        using var second = await first.StartAgainAsync();
        using var http = new HttpClient();
        Assert.Equal(dataDir.Path, second.DataDir);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(second.BaseUrl, "health"))).StatusCode);
    }
}

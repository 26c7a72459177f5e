using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenFineTune.Server.Tests.Hosting;

public class RequestLogTests
{
    [Fact]
    public async Task EachRequestIsLoggedWithMethodPathStatusDurationAndRequestId()
    {
        var logs = new LogCapture();
        await using var app = new OpenFineTuneApp(services: s => s.AddSingleton<ILoggerProvider>(logs));

        var response = await app.CreateClient().GetAsync("/v1/files/file-missing");

        var requestId = response.Headers.GetValues("x-request-id").Single();
        var line = Assert.Single(logs.Entries, e => e.Category == "OpenFineTune.Requests" && e.Message.Contains(requestId));
        Assert.Matches(@"^GET /v1/files/file-missing responded 404 in \d+(\.\d)? ms \(request req_\w+\)$", line.Message);
    }
}

using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>
/// kill -9 while several clients upload files of varied sizes, at a random moment, for a few rounds on one data dir.
/// After each restart: every acknowledged upload is listed with identical bytes, every listed file is the full content
/// of something sent, and no staged temp file is left.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class KillDurabilityTests(ITestOutputHelper log)
{
    const int Rounds = 3, Clients = 4, MaxFileBytes = 3 * 1024 * 1024;
    static readonly TimeSpan AckWait = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task AcknowledgedUploadsSurviveKillNineAndNothingHalfWrittenIsListed()
    {
        var seed = Environment.TickCount;
        log.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var ledger = new UploadLedger();
        using var dataDir = new TempDirectory();
        var server = await ServerProcess.StartAsync(dataDir.Path);
        try
        {
            for (var round = 1; round <= Rounds; round++)
            {
                await UploadUntilKilledAsync(server, ledger, random);
                log.WriteLine($"round {round}: killed pid {server.Pid} with {ledger.AcknowledgedCount} uploads acknowledged so far");
                var next = await server.StartAgainAsync();
                server.Dispose();
                server = next;
                // Looked at before any request: cleaning staged uploads is the start's job, not the first upload's.
                var leftovers = DataDirInspection.LeftoverTempFiles(dataDir.Path);
                await AssertStoredFilesMatchLedgerAsync(server, ledger);
                Assert.True(leftovers.Count == 0, $"staged files left in the data dir after start: {string.Join(", ", leftovers)}");
            }
        }
        finally { server.Dispose(); }
    }

    /// <summary>Clients upload in a loop; once at least two more uploads are acknowledged, a random delay, then kill -9.</summary>
    static async Task UploadUntilKilledAsync(ServerProcess server, UploadLedger ledger, Random random)
    {
        // Set just before the kill, never passed to HTTP calls: uploads end by the kill itself, not by the client.
        using var killing = new CancellationTokenSource();
        var seeds = Enumerable.Range(0, Clients).Select(_ => random.Next()).ToList();
        var clients = seeds.Select(s => Task.Run(() => UploadLoopAsync(server, ledger, new Random(s), killing.Token))).ToList();
        var target = ledger.AcknowledgedCount + 2;
        var deadline = DateTime.UtcNow + AckWait;
        while (ledger.AcknowledgedCount < target && DateTime.UtcNow < deadline && !clients.Any(c => c.IsFaulted))
            await Task.Delay(20);
        if (clients.FirstOrDefault(c => c.IsFaulted) is { } failed) await failed;
        Assert.True(ledger.AcknowledgedCount >= target, $"no two uploads acknowledged within {AckWait}.\n{server.Output}");
        await Task.Delay(random.Next(0, 1500));
        killing.Cancel();
        server.KillHard();
        await Task.WhenAll(clients);
    }

    static async Task UploadLoopAsync(ServerProcess server, UploadLedger ledger, Random random, CancellationToken killing)
    {
        using var files = new FilesHttp(server);
        while (!killing.IsCancellationRequested)
        {
            // Mostly small files, sometimes a few MB, so that a kill often lands inside a large body.
            var size = random.Next(4) == 0 ? random.Next(256 * 1024, MaxFileBytes) : random.Next(100, 64 * 1024);
            var content = TrainingData.Jsonl(random, size);
            var hash = ledger.Sending(content);
            try
            {
                using var response = await files.PostFileAsync(content, $"upload-{hash[..8]}.jsonl");
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"upload answered {(int)response.StatusCode}: {body}");
                ledger.Acknowledge(JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!, hash);
            }
            catch (Exception e) when (killing.IsCancellationRequested && e is HttpRequestException or IOException)
            {
                return; // the kill cut this upload off (request or response body): it was never acknowledged
            }
        }
    }

    static async Task AssertStoredFilesMatchLedgerAsync(ServerProcess server, UploadLedger ledger)
    {
        using var files = new FilesHttp(server);
        var listed = (await files.ListAsync()).ToDictionary(f => f.Id);
        foreach (var (id, hash) in ledger.Acknowledged)
        {
            Assert.True(listed.ContainsKey(id), $"acknowledged upload {id} is not listed after kill -9 and restart");
            Assert.Equal(hash, UploadLedger.Hash(await files.ContentAsync(id)));
        }
        foreach (var file in listed.Values.Where(f => !ledger.Acknowledged.ContainsKey(f.Id)))
        {
            var content = await files.ContentAsync(file.Id);
            Assert.Equal(file.Bytes, content.Length);
            Assert.True(ledger.WasSentInFull(UploadLedger.Hash(content), content.Length),
                $"{file.Id} ({file.Bytes} bytes) is listed but is not the full content of any upload");
        }
    }
}

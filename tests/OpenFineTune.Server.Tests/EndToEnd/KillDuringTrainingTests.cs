using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>
/// kill -9 of a real server while it trains, after its first checkpoint: the restarted process (same data dir) resumes
/// the job from that checkpoint by itself, finishes it, and serves the ft: model; the job is never left running.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class KillDuringTrainingTests(ITestOutputHelper log)
{
    // Bounds a hung run only; 36 steps of the built-in model take seconds to a minute on a loaded 2-core machine.
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);
    const int StepsPerEpoch = 12, Epochs = 3; // 24 chats, batch 2

    [Fact]
    public async Task JobKilledMidTrainingResumesFromItsLastCheckpointAfterRestart()
    {
        using var dataDir = new TempDirectory();
        var server = await ServerProcess.StartAsync(dataDir.Path, "--threads", "1");
        try
        {
            string jobId;
            int checkpointBeforeKill;
            using (var files = new FilesHttp(server))
            using (var jobs = new JobsHttp(server))
            {
                var file = await files.UploadAsync(File.ReadAllBytes(TestPaths.SupportChats), "soporte.jsonl");
                jobId = (await jobs.CreateJobAsync(new
                {
                    model = "openfinetune-tiny", training_file = file.Id, seed = 11,
                    hyperparameters = new { n_epochs = Epochs, batch_size = 2 },
                })).GetProperty("id").GetString()!;
                checkpointBeforeKill = await WaitPastFirstCheckpointAsync(jobs, jobId, server);
            }
            server.KillHard();
            log.WriteLine($"killed pid {server.Pid} after the checkpoint at step {checkpointBeforeKill}");

            var restarted = await server.StartAgainAsync();
            server.Dispose();
            server = restarted;
            using var again = new JobsHttp(server);
            // Right after the start nothing may claim to be running what no process runs: queued, or running again.
            Assert.Contains((await again.GetJobAsync(jobId)).GetProperty("status").GetString(), new[] { "queued", "running" });
            var job = await WaitForEndAsync(again, jobId, server);
            Assert.True(job.GetProperty("status").GetString() == "succeeded", $"{job}\n{server.Output}");

            var events = await again.EventsOldestFirstAsync(jobId);
            var resumedFrom = AssertResumedFromCheckpoint(events, checkpointBeforeKill);
            log.WriteLine($"resumed from step {resumedFrom}");
            var steps = await again.CheckpointStepsAsync(jobId);
            Assert.Equal(steps.Distinct().Count(), steps.Count);
            Assert.Equal(StepsPerEpoch * Epochs, steps.Max());
            var model = job.GetProperty("fine_tuned_model").GetString()!;
            Assert.NotEmpty(await again.ChatAsync(model, "No puedo iniciar sesión"));
        }
        finally { server.Dispose(); }
    }

    /// <summary>Waits for the first checkpoint and a metrics event after it (training went on); returns that checkpoint's step.</summary>
    static async Task<int> WaitPastFirstCheckpointAsync(JobsHttp jobs, string jobId, ServerProcess server)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var events = await jobs.EventsOldestFirstAsync(jobId);
            var checkpoint = events.Select(e => CheckpointMessage().Match(Message(e))).FirstOrDefault(m => m.Success);
            if (checkpoint is not null)
            {
                var step = int.Parse(checkpoint.Groups[1].Value);
                if (events.Any(e => MetricsStep(e) > step)) return step;
            }
            var status = (await jobs.GetJobAsync(jobId)).GetProperty("status").GetString();
            Assert.True(status is "validating_files" or "queued" or "running", $"job is {status} before the kill.\n{server.Output}");
            await Task.Delay(100);
        }
        throw new TimeoutException($"no checkpoint and step after it within {Patience}.\n{server.Output}");
    }

    static async Task<JsonElement> WaitForEndAsync(JobsHttp jobs, string jobId, ServerProcess server)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var job = await jobs.GetJobAsync(jobId);
            if (job.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled") return job;
            await Task.Delay(500);
        }
        throw new TimeoutException($"job not finished {Patience} after the restart.\n{server.Output}");
    }

    /// <summary>The restart is announced, training starts again from a checkpoint at or after the one seen before the
    /// kill, and the first step trained after it is the next one. Returns the step resumed from.</summary>
    static int AssertResumedFromCheckpoint(List<JsonElement> events, int checkpointBeforeKill)
    {
        var messages = events.Select(Message).ToList();
        var restart = messages.IndexOf("The server restarted during training; the job resumes from its last checkpoint");
        Assert.True(restart >= 0, "no restart event among:\n" + string.Join("\n", messages));
        var started = messages.FindIndex(restart, m => m.StartsWith("Fine-tuning job started again from its last checkpoint"));
        Assert.True(started > restart, "no resume event after the restart among:\n" + string.Join("\n", messages));
        var resumedFrom = int.Parse(ResumeMessage().Match(messages[started]).Groups[1].Value);
        Assert.True(resumedFrom >= checkpointBeforeKill, $"resumed from step {resumedFrom}, before the checkpoint at {checkpointBeforeKill}");
        Assert.Equal(resumedFrom + 1, events.Skip(started).Select(MetricsStep).First(s => s > 0));
        return resumedFrom;
    }

    static string Message(JsonElement e) => e.GetProperty("message").GetString() ?? "";

    static int MetricsStep(JsonElement e) =>
        e.GetProperty("type").GetString() == "metrics" ? e.GetProperty("data").GetProperty("step").GetInt32() : 0;

    [GeneratedRegex(@"^Checkpoint created at step (\d+)$")]
    private static partial Regex CheckpointMessage();

    [GeneratedRegex(@"\(step-(\d+)\)$")]
    private static partial Regex ResumeMessage();
}

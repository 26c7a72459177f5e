using System.Text.Json;
using OpenAI.FineTuning;

namespace OpenFineTune.Server.Tests.FineTuning;

/// <summary>Listing jobs, events and checkpoints: newest first, has_more always sent, after = last id, metadata[k]=v filters.</summary>
public class JobListTests
{
    static async Task<JsonElement> Page(JobsKit kit, string query) =>
        JsonDocument.Parse(await kit.Http.GetStringAsync("/v1/fine_tuning/jobs" + query)).RootElement.Clone();

    static IEnumerable<string> Ids(JsonElement page) => page.GetProperty("data").EnumerateArray().Select(j => j.Str("id")!);

    [Fact]
    public async Task JobsPageNewestFirstWithAfterAndLimit()
    {
        await using var kit = new JobsKit();
        var created = new List<string>();
        for (var i = 0; i < 3; i++) created.Add((await kit.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 1 } })).Str("id")!);
        created.Reverse();

        var first = await Page(kit, "?limit=2");
        Assert.Equal(created.Take(2), Ids(first));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        var second = await Page(kit, $"?limit=2&after={created[1]}");
        Assert.Equal(created.Skip(2), Ids(second));
        Assert.False(second.GetProperty("has_more").GetBoolean());

        var viaSdk = new List<string>();
        await foreach (FineTuningJob job in kit.App.Sdk().GetFineTuningClient().GetJobsAsync(new FineTuningJobCollectionOptions { PageSize = 1 }))
            viaSdk.Add(job.JobId);
        Assert.Equal(created, viaSdk);
        await Envelope.AssertError(await kit.Http.GetAsync("/v1/fine_tuning/jobs?limit=0"), 400);
    }

    [Fact]
    public async Task MetadataFilterMatchesEveryPairAndNullMeansNone()
    {
        await using var kit = new JobsKit();
        var es = (await kit.CreateJobAsync(new() { ["metadata"] = new { lang = "es", team = "soporte" } })).Str("id")!;
        var en = (await kit.CreateJobAsync(new() { ["metadata"] = new { lang = "en" } })).Str("id")!;
        var none = (await kit.CreateJobAsync()).Str("id")!;

        Assert.Equal([es], Ids(await Page(kit, "?metadata[lang]=es")));
        Assert.Equal([es], Ids(await Page(kit, "?metadata%5Blang%5D=es&metadata%5Bteam%5D=soporte"))); // Node's encoding
        Assert.Empty(Ids(await Page(kit, "?metadata[lang]=es&metadata[team]=ventas")));
        Assert.Equal([none], Ids(await Page(kit, "?metadata=null")));
        Assert.Equal(3, Ids(await Page(kit, "")).Count());
        _ = en;
    }

    [Fact]
    public async Task EventsAndCheckpointsPageWithAfter()
    {
        await using var kit = new JobsKit();
        var id = (await kit.CreateJobAsync(new() { ["hyperparameters"] = new { n_epochs = 3 } })).Str("id")!;
        await kit.WaitForAsync(id, "succeeded");

        var events = JsonDocument.Parse(await kit.Http.GetStringAsync($"/v1/fine_tuning/jobs/{id}/events")).RootElement;
        Assert.Equal(20, events.GetProperty("data").GetArrayLength()); // default limit
        Assert.True(events.GetProperty("has_more").GetBoolean());
        Assert.Equal("The job has successfully completed", events.GetProperty("data")[0].Str("message"));
        Assert.Equal("fine_tuning.job.event", events.GetProperty("data")[0].Str("object"));

        var page = JsonDocument.Parse(await kit.Http.GetStringAsync($"/v1/fine_tuning/jobs/{id}/checkpoints?limit=2")).RootElement;
        var steps = page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("step_number").GetInt32()).ToList();
        Assert.Equal([30, 20], steps);
        Assert.True(page.GetProperty("has_more").GetBoolean());
        Assert.Equal(page.GetProperty("data")[0].Str("id"), page.Str("first_id"));
        var rest = JsonDocument.Parse(await kit.Http.GetStringAsync($"/v1/fine_tuning/jobs/{id}/checkpoints?after={page.Str("last_id")}")).RootElement;
        Assert.Equal(10, rest.GetProperty("data")[0].GetProperty("step_number").GetInt32());
        Assert.False(rest.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task UnknownJobIs404()
    {
        await using var kit = new JobsKit();
        var error = await Envelope.AssertError(await kit.Http.GetAsync("/v1/fine_tuning/jobs/ftjob-missing"), 404);
        Assert.Contains("ftjob-missing", error.Str("message"));
        await Envelope.AssertError(await kit.Http.GetAsync("/v1/fine_tuning/jobs/ftjob-missing/events"), 404);
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Hosting;
using OpenFineTune.Server.Jobs;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.FineTuning;

/// <summary>/v1/fine_tuning/jobs: https://platform.openai.com/docs/api-reference/fine-tuning</summary>
public static class FineTuningJobsEndpoints
{
    public static RouteGroupBuilder MapFineTuningJobs(this IEndpointRouteBuilder v1)
    {
        var jobs = v1.MapGroup("/fine_tuning/jobs").WithTags("Fine-tuning").ProducesOpenAIErrors(400, 401, 404);
        jobs.MapPost("/", Create).WithSummary("Create a fine-tuning job");
        jobs.MapGet("/", List).WithSummary("List fine-tuning jobs, newest first (after, limit, metadata[k]=v)");
        jobs.MapGet("/{fine_tuning_job_id}", Retrieve).WithSummary("Retrieve a fine-tuning job");
        jobs.MapPost("/{fine_tuning_job_id}/cancel", (string fine_tuning_job_id, JobCommands c, IOptions<ServerOptions> o) =>
            Answer(c.CancelAsync(fine_tuning_job_id), o)).WithSummary("Cancel a job that has not finished");
        jobs.MapPost("/{fine_tuning_job_id}/pause", (string fine_tuning_job_id, JobCommands c, IOptions<ServerOptions> o) =>
            Answer(c.PauseAsync(fine_tuning_job_id), o)).WithSummary("Pause a running or queued job (checkpoints first)");
        jobs.MapPost("/{fine_tuning_job_id}/resume", (string fine_tuning_job_id, JobCommands c, IOptions<ServerOptions> o) =>
            Answer(c.ResumeAsync(fine_tuning_job_id), o)).WithSummary("Resume a paused job from its checkpoint");
        jobs.MapGet("/{fine_tuning_job_id}/events", Events).WithSummary("List a job's events, newest first");
        jobs.MapGet("/{fine_tuning_job_id}/checkpoints", Checkpoints).WithSummary("List a job's checkpoints, highest step first");
        return jobs;
    }

    static async Task<Ok<FineTuningJobObject>> Create(CreateJobRequest request, JobCreator creator, IOptions<ServerOptions> o, CancellationToken ct)
    {
        var job = await creator.CreateAsync(CreateJobParser.Parse(request), ct);
        return TypedResults.Ok(job.ToJobObject(o.Value.Organization));
    }

    static async Task<Ok<CursorPage<FineTuningJobObject>>> List(HttpRequest http, JobStore jobs, IOptions<ServerOptions> o, CancellationToken ct)
    {
        var query = ListQuery.From(http.Query, defaultLimit: 20);
        var all = (await jobs.AllOldestFirstAsync(ct)).Reverse().ToList();
        var page = Paging.After(all, query.After, j => j.Id).Where(j => query.Matches(j.Metadata)).Take(query.Limit + 1).ToList();
        return TypedResults.Ok(new CursorPage<FineTuningJobObject>
        {
            Data = page.Take(query.Limit).Select(j => j.ToJobObject(o.Value.Organization)).ToList(), HasMore = page.Count > query.Limit,
        });
    }

    static async Task<Ok<FineTuningJobObject>> Retrieve(string fine_tuning_job_id, JobStore jobs, IOptions<ServerOptions> o, CancellationToken ct) =>
        TypedResults.Ok((await FindAsync(jobs, fine_tuning_job_id, ct)).ToJobObject(o.Value.Organization));

    static async Task<Ok<CursorPage<FineTuningEventObject>>> Events(string fine_tuning_job_id, HttpRequest http, JobStore jobs, CancellationToken ct)
    {
        var query = ListQuery.From(http.Query, defaultLimit: 20);
        await FindAsync(jobs, fine_tuning_job_id, ct);
        var page = await jobs.Records.JobEvents.ListAsync(new PageQuery(query.Limit, query.After, ListKey: fine_tuning_job_id), ct);
        return TypedResults.Ok(new CursorPage<FineTuningEventObject> { Data = page.Items.Select(e => e.ToEventObject()).ToList(), HasMore = page.HasMore });
    }

    static async Task<Ok<CursorPage<FineTuningCheckpointObject>>> Checkpoints(string fine_tuning_job_id, HttpRequest http, JobStore jobs, CancellationToken ct)
    {
        var query = ListQuery.From(http.Query, defaultLimit: 10);
        await FindAsync(jobs, fine_tuning_job_id, ct);
        var page = Paging.After(await jobs.CheckpointsAsync(fine_tuning_job_id, ct), query.After, c => c.Id).Take(query.Limit + 1).ToList();
        var data = page.Take(query.Limit).Select(c => c.ToCheckpointObject()).ToList();
        return TypedResults.Ok(new CursorPage<FineTuningCheckpointObject>
        {
            Data = data, HasMore = page.Count > query.Limit, FirstId = data.FirstOrDefault()?.Id, LastId = data.LastOrDefault()?.Id,
        });
    }

    static async Task<Ok<FineTuningJobObject>> Answer(Task<FineTuningJobRecord> command, IOptions<ServerOptions> o) =>
        TypedResults.Ok((await command).ToJobObject(o.Value.Organization));

    static async Task<FineTuningJobRecord> FindAsync(JobStore jobs, string id, CancellationToken ct) =>
        await jobs.FindAsync(id, ct) ?? throw new ObjectNotFoundException("FineTuningJob", id, "fine_tuning_job_id");
}

/// <summary>Cursor paging over an ordered list held in memory: the items after the one whose id is <c>after</c>.</summary>
static class Paging
{
    public static IEnumerable<T> After<T>(IReadOnlyList<T> ordered, string? after, Func<T, string> id)
    {
        if (after is null) return ordered;
        var index = ordered.ToList().FindIndex(item => id(item) == after);
        if (index < 0) throw new UnknownCursorException(after);
        return ordered.Skip(index + 1);
    }
}

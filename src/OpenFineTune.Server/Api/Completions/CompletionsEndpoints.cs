using Microsoft.AspNetCore.Mvc;
using OpenFineTune.Engine.Generation;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.Completions;

/// <summary>
/// <c>POST /v1/completions</c> (legacy): https://platform.openai.com/docs/api-reference/completions. Every prompt is
/// prepared before anything is generated (errors are plain JSON 4xx); the prompts then run in turn, choice index =
/// prompt × n + j.
/// </summary>
public static class CompletionsEndpoints
{
    public static RouteHandlerBuilder MapCompletions(this IEndpointRouteBuilder v1)
    {
        var gate = GenerationGate.Of(v1.ServiceProvider);
        return v1.MapPost("/completions",
                (CompletionRequest request, [FromServices] ITextGenerator generator, TimeProvider clock, HttpContext http) =>
                    Create(request, generator, gate, clock, http))
            .WithValidation<RouteHandlerBuilder, CompletionRequest>()
            .WithTags("Completions").WithSummary("Create a text completion (legacy; JSON, or SSE with stream: true)")
            .Produces<TextCompletion>(200).Produces<TextCompletion>(200, "text/event-stream")
            .ProducesOpenAIErrors(400, 401, 404, 429);
    }

    static async Task<IResult> Create(CompletionRequest request, ITextGenerator generator, GenerationGate gate, TimeProvider clock, HttpContext http)
    {
        var defaults = SamplingDefaults.Of(http.RequestServices, request.Model!);
        var prepared = request.ToGenerationRequests(defaults).Select(generator.Prepare).ToList();
        if (gate.TryAdmit() is not { } ticket) return GenerationGate.Busy();
        var deltas = GenerationRun.DeltasAsync(generator, prepared, ticket, http.RequestAborted);
        var meta = new CompletionMeta(Ids.New("cmpl-"), clock.GetUtcNow().ToUnixTimeSeconds(), prepared[0].ModelId, prepared[0].SystemFingerprint);
        var promptTokens = prepared.Sum(p => p.PromptIds.Count);
        if (request.IsStream)
            return new ServerSentEvents<TextCompletion>(TextCompletionStream.StreamAsync(deltas, meta, prepared.Count * request.Choices,
                promptTokens, request.Logprobs is not null, request.IncludeUsage, http.RequestAborted));
        var generated = await GenerationRun.CollectAsync(deltas, prepared.Count * request.Generated, request.Generated > request.Choices || request.Logprobs is not null, http.RequestAborted);
        var choices = BestOf.Choose(generated, prepared.Count, request.Generated, request.Choices)
            .Select((c, i) => new TextChoice(c.Text.ToString(), i, request.Logprobs is null ? null : TextLogprobs.From(c.Logprobs!, 0), c.FinishReason))
            .ToList();
        return TypedResults.Ok(new TextCompletion(meta, choices, new CompletionUsage(promptTokens, generated.Sum(c => c.Tokens))));
    }
}

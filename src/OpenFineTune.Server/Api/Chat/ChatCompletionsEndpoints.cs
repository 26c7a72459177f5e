using Microsoft.AspNetCore.Mvc;
using OpenFineTune.Engine.Generation;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Api.Completions;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c>: https://platform.openai.com/docs/api-reference/chat. Translates only: the request
/// is checked and prepared (errors are plain JSON 4xx), then answered as one JSON object or as SSE chunks. A client
/// that disconnects cancels its generation through RequestAborted.
/// </summary>
public static class ChatCompletionsEndpoints
{
    public static RouteHandlerBuilder MapChatCompletions(this IEndpointRouteBuilder v1)
    {
        var gate = GenerationGate.Of(v1.ServiceProvider);
        return v1.MapPost("/chat/completions",
                (ChatCompletionRequest request, [FromServices] ITextGenerator generator, TimeProvider clock, HttpContext http) =>
                    Create(request, generator, gate, clock, http))
            .WithValidation<RouteHandlerBuilder, ChatCompletionRequest>()
            .WithTags("Chat").WithSummary("Create a chat completion (JSON, or SSE chunks with stream: true)")
            .Produces<ChatCompletion>(200).Produces<ChatCompletionChunk>(200, "text/event-stream")
            .ProducesOpenAIErrors(400, 401, 404, 429);
    }

    static async Task<IResult> Create(ChatCompletionRequest request, ITextGenerator generator, GenerationGate gate, TimeProvider clock, HttpContext http)
    {
        var prepared = generator.Prepare(request.ToGenerationRequest(SamplingDefaults.Of(http.RequestServices, request.Model!)));
        if (gate.TryAdmit() is not { } ticket) return GenerationGate.Busy();
        var deltas = GenerationRun.DeltasAsync(generator, [prepared], ticket, http.RequestAborted);
        var meta = new CompletionMeta(Ids.New("chatcmpl-"), clock.GetUtcNow().ToUnixTimeSeconds(), prepared.ModelId, prepared.SystemFingerprint);
        var n = prepared.Request.N;
        if (request.IsStream)
            return new ServerSentEvents<ChatCompletionChunk>(
                ChatCompletionChunk.StreamAsync(deltas, meta, n, prepared.PromptIds.Count, request.IncludeUsage, prepared.ToolCalls, http.RequestAborted));
        var choices = await GenerationRun.CollectAsync(deltas, n, prepared.Request.TopLogprobs is not null, http.RequestAborted);
        return TypedResults.Ok(new ChatCompletion(meta.Id, meta.Created, meta.Model, meta.SystemFingerprint,
            choices.Select((c, i) => Choice(i, c, prepared)).ToList(), new ChatUsage(prepared.PromptIds.Count, choices.Sum(c => c.Tokens))));
    }

    static ChatChoice Choice(int index, CollectedChoice choice, PreparedGeneration prepared)
    {
        var (message, finishReason) = ChatResponseMessage.From(choice.Text.ToString(), choice.FinishReason, prepared.ToolCalls);
        return new ChatChoice(index, message, ChatLogprobs.From(choice.Logprobs), finishReason);
    }
}

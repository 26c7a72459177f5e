using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using OpenFineTune.Server.Api.Completions;

namespace OpenFineTune.Server.Api.Chat;

/// <summary>Ranges and shapes OpenAI enforces, each failure naming its field (<c>param</c>).</summary>
public sealed partial class ChatCompletionRequestValidator : AbstractValidator<ChatCompletionRequest>
{
    public ChatCompletionRequestValidator()
    {
        RuleFor(r => r.Model).NotEmpty().WithMessage("you must provide a model parameter");
        RuleFor(r => r.Messages).NotEmpty().WithMessage("'messages' must be a non-empty array of messages.");
        RuleForEach(r => r.Messages).Custom(CheckMessage);
        RuleFor(r => r.Temperature).InclusiveBetween(0, 2);
        RuleFor(r => r.TopP).InclusiveBetween(0, 1);
        RuleFor(r => r.N).InclusiveBetween(1, 128);
        RuleFor(r => r.PresencePenalty).InclusiveBetween(-2, 2);
        RuleFor(r => r.FrequencyPenalty).InclusiveBetween(-2, 2);
        RuleFor(r => r.MaxTokens).GreaterThanOrEqualTo(1);
        RuleFor(r => r.MaxCompletionTokens).GreaterThanOrEqualTo(1);
        RuleFor(r => r.TopLogprobs).InclusiveBetween(0, 20);
        RuleFor(r => r.TopLogprobs).Null().When(r => r.Logprobs != true)
            .WithMessage("'top_logprobs' needs 'logprobs' set to true.");
        RuleFor(r => r.Stop).Must(s => SamplingFields.StopProblem(s) is null).WithMessage(r => SamplingFields.StopProblem(r.Stop));
        RuleFor(r => r.LogitBias).Must(b => SamplingFields.LogitBiasProblem(b) is null).WithMessage(r => SamplingFields.LogitBiasProblem(r.LogitBias));
        RuleFor(r => r.StreamOptions).Null().When(r => r.Stream != true)
            .WithMessage("'stream_options' is only allowed when 'stream' is true.");
        RuleFor(r => r.ResponseFormat).Custom(CheckResponseFormat);
        RuleFor(r => r.Modalities).Must(m => m is null || m.All(x => x == "text"))
            .WithMessage("Only the 'text' modality is available: the models this server runs cannot produce audio.");
        RuleFor(r => r.Audio).Must(a => a is null || a.Value.ValueKind == JsonValueKind.Null)
            .WithMessage("Audio output is not available: the models this server runs produce text only.");
        RuleForEach(r => r.Tools).Custom(CheckTool);
    }

    static void CheckMessage(ChatMessage message, ValidationContext<ChatCompletionRequest> context)
    {
        var path = context.PropertyPath; // messages[i]
        void Fail(string field, string problem) => context.AddFailure(new ValidationFailure($"{path}{field}", $"Invalid '{path}{field}': {problem}."));
        if (message is null) { Fail("", "expected a message object"); return; }
        if (!ChatMessage.Roles.Contains(message.Role))
        {
            Fail(".role", $"expected one of {string.Join(", ", ChatMessage.Roles)}, got {(message.Role is null ? "none" : $"'{message.Role}'")}");
            return;
        }
        var (text, where, problem) = message.ReadContent();
        if (problem is not null) Fail($".content{where}", problem);
        else if (text is null && !(message.Role == "assistant" && (message.ToolCalls is { Count: > 0 } || message.FunctionCall is not null)))
            Fail(".content", $"a '{message.Role}' message needs content");
        if (message.Role == "tool" && string.IsNullOrEmpty(message.ToolCallId)) Fail(".tool_call_id", "a 'tool' message needs the id of the call it answers");
        if (message.Role == "function" && string.IsNullOrEmpty(message.Name)) Fail(".name", "a 'function' message needs the function's name");
    }

    static void CheckResponseFormat(ChatResponseFormat? format, ValidationContext<ChatCompletionRequest> context)
    {
        if (format is null) return;
        if (format.Type is not ("text" or "json_object" or "json_schema"))
            context.AddFailure("response_format.type", $"Invalid 'response_format.type': expected 'text', 'json_object' or 'json_schema', got '{format.Type}'.");
        else if (format.Type == "json_schema")
            context.AddFailure("response_format", "'response_format' of type 'json_schema' is not supported: this server has no schema-constrained decoding. Use 'json_object' or 'text'.");
        else if (format.Type == "json_object" && !MentionsJson(context.InstanceToValidate))
            context.AddFailure("messages", "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.");
    }

    static bool MentionsJson(ChatCompletionRequest r) =>
        (r.Messages ?? []).Any(m => m?.ReadContent().Text?.Contains("json", StringComparison.OrdinalIgnoreCase) == true);

    static void CheckTool(JsonElement tool, ValidationContext<ChatCompletionRequest> context)
    {
        if (!ChatCompletionRequest.IsFunctionTool(tool)) return; // custom tools: accepted, not offered to the template
        var function = tool.GetProperty("function");
        var name = function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        if (name is null || !FunctionName().IsMatch(name))
            context.AddFailure(new ValidationFailure($"{context.PropertyPath}.function.name",
                $"Invalid '{context.PropertyPath}.function.name': expected 1 to 64 of a-z, A-Z, 0-9, '_' and '-', got {(name is null ? "none" : $"'{name}'")}."));
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();
}

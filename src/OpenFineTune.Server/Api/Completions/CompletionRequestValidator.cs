using FluentValidation;

namespace OpenFineTune.Server.Api.Completions;

/// <summary>Ranges and shapes OpenAI enforces on legacy completions, each failure naming its field (<c>param</c>).</summary>
public sealed class CompletionRequestValidator : AbstractValidator<CompletionRequest>
{
    public CompletionRequestValidator()
    {
        RuleFor(r => r.Model).NotEmpty().WithMessage("you must provide a model parameter");
        RuleFor(r => r.Prompt).Must((r, _) => r.PromptProblem() is null).WithMessage(r => r.PromptProblem());
        RuleFor(r => r.MaxTokens).GreaterThanOrEqualTo(0);
        RuleFor(r => r.Logprobs).InclusiveBetween(0, CompletionRequest.MaxLogprobs);
        RuleFor(r => r.N).InclusiveBetween(1, 128);
        RuleFor(r => r.BestOf).InclusiveBetween(0, 20);
        RuleFor(r => r.BestOf).GreaterThanOrEqualTo(r => r.Choices).When(r => r.BestOf is > 0)
            .WithMessage(r => $"'best_of' must be greater than or equal to 'n' ({r.Choices}); got {r.BestOf}.");
        RuleFor(r => r.BestOf).Must(b => b is null or <= 1).When(r => r.IsStream)
            .WithMessage("'best_of' cannot be used with 'stream': the best completions are only known at the end.");
        RuleFor(r => r.Temperature).InclusiveBetween(0, 2);
        RuleFor(r => r.TopP).InclusiveBetween(0, 1);
        RuleFor(r => r.PresencePenalty).InclusiveBetween(-2, 2);
        RuleFor(r => r.FrequencyPenalty).InclusiveBetween(-2, 2);
        RuleFor(r => r.Stop).Must(s => SamplingFields.StopProblem(s) is null).WithMessage(r => SamplingFields.StopProblem(r.Stop));
        RuleFor(r => r.LogitBias).Must(b => SamplingFields.LogitBiasProblem(b) is null).WithMessage(r => SamplingFields.LogitBiasProblem(r.LogitBias));
        RuleFor(r => r.StreamOptions).Null().When(r => !r.IsStream)
            .WithMessage("'stream_options' is only allowed when 'stream' is true.");
        RuleFor(r => r.Suffix).Must(s => string.IsNullOrEmpty(s))
            .WithMessage("'suffix' (insert mode) is not supported: the models this server runs have no fill-in-the-middle mode.");
    }
}

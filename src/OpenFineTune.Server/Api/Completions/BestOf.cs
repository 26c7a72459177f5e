namespace OpenFineTune.Server.Api.Completions;

/// <summary>
/// best_of: of the <c>generated</c> choices per prompt, the <c>n</c> with the highest mean token logprob, in that order
/// (OpenAI's rule). Without best_of (generated == n) the choices pass through unchanged.
/// </summary>
public static class BestOf
{
    public static IEnumerable<CollectedChoice> Choose(CollectedChoice[] all, int prompts, int generated, int n) =>
        generated == n ? all : Enumerable.Range(0, prompts).SelectMany(p =>
            all.Skip(p * generated).Take(generated).OrderByDescending(MeanLogprob).Take(n));

    // Ranked on the generated tokens only: an echoed prompt's scores are the same for every choice.
    static double MeanLogprob(CollectedChoice c) =>
        c.Logprobs?.Skip(c.PromptLogprobs).ToList() is { Count: > 0 } l ? l.Average(t => t.Logprob.GetValueOrDefault()) : double.NegativeInfinity;
}

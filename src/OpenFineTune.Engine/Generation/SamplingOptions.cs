namespace OpenFineTune.Engine.Generation;

/// <summary>
/// How the next token is chosen, in engine terms (validated once; the HTTP layer maps OpenAI's names onto it).
/// Temperature 0 means greedy. LogitBias maps token id → value added to its logit (−100…100, as OpenAI).
/// </summary>
public sealed record SamplingOptions
{
    public float Temperature { get; }
    public float TopP { get; }
    public float PresencePenalty { get; }
    public float FrequencyPenalty { get; }
    public IReadOnlyDictionary<int, float> LogitBias { get; }
    public ulong? Seed { get; }

    public SamplingOptions(float temperature = 1, float topP = 1, float presencePenalty = 0, float frequencyPenalty = 0,
        IReadOnlyDictionary<int, float>? logitBias = null, ulong? seed = null)
    {
        Require(temperature is >= 0 and <= 2, nameof(temperature), "between 0 and 2", temperature);
        Require(topP is > 0 and <= 1, "top_p", "greater than 0 and at most 1", topP);
        Require(presencePenalty is >= -2 and <= 2, "presence_penalty", "between -2 and 2", presencePenalty);
        Require(frequencyPenalty is >= -2 and <= 2, "frequency_penalty", "between -2 and 2", frequencyPenalty);
        foreach (var (id, bias) in logitBias ?? new Dictionary<int, float>())
            Require(bias is >= -100 and <= 100, "logit_bias", "values between -100 and 100", bias);
        (Temperature, TopP, PresencePenalty, FrequencyPenalty, Seed) = (temperature, topP, presencePenalty, frequencyPenalty, seed);
        LogitBias = logitBias ?? new Dictionary<int, float>();
    }

    public bool IsGreedy => Temperature == 0;

    public bool HasPenalties => PresencePenalty != 0 || FrequencyPenalty != 0;

    static void Require(bool ok, string name, string expected, float got)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, got, $"{name} must be {expected}; got {got}.");
    }
}

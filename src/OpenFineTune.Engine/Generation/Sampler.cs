using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Generation;

/// <summary>The token chosen at one step, its log-probability under the model, and the best alternatives.</summary>
public sealed record SampledToken(int Id, float Logprob, IReadOnlyList<(int Id, float Logprob)> TopAlternatives);

/// <summary>
/// Chooses tokens for one sequence: penalties and logit bias, then greedy or temperature + top-p sampling
/// from a seeded generator, so the same seed gives the same tokens. Logprobs are reported under the model's
/// own distribution (before penalties, bias and temperature), as vLLM does by default.
/// </summary>
public sealed class Sampler : IDisposable
{
    readonly SamplingOptions _options;
    readonly Generator? _generator;
    readonly Dictionary<int, int> _counts = new();
    readonly Scalar _zero = 0f.ToScalar(), _one = 1f.ToScalar(), _topP;

    public Sampler(SamplingOptions options)
    {
        _options = options;
        _topP = options.TopP.ToScalar();
        if (!options.IsGreedy) _generator = new Generator(options.Seed ?? (ulong)Random.Shared.NextInt64());
    }

    /// <summary>Picks the next token from one row of logits ([vocab]); topLogprobs alternatives are reported (0 for none).</summary>
    public SampledToken Next(Tensor logits, int topLogprobs = 0)
    {
        using var scope = NewDisposeScope();
        var raw = logits.to(ScalarType.Float32).cpu();
        return Pick(raw, raw.log_softmax(-1), topLogprobs);
    }

    /// <summary>
    /// Picks the next token of every row of <paramref name="logits"/> [rows, vocab], row r with samplers[r] (and
    /// topLogprobs[r] alternatives): exactly what Next gives row by row, but one log-softmax and one argmax serve every
    /// row, so a plain greedy row costs no tensor operation of its own.
    /// </summary>
    public static SampledToken[] NextForRows(Tensor logits, IReadOnlyList<Sampler> samplers, IReadOnlyList<int> topLogprobs)
    {
        using var scope = NewDisposeScope();
        var raw = logits.to(ScalarType.Float32).cpu();
        var logprobs = raw.log_softmax(-1);
        var best = raw.argmax(-1, keepdim: true);                    // [rows, 1]
        var bestIds = best.data<long>().ToArray();
        var bestLogprobs = logprobs.gather(1, best).data<float>().ToArray();
        var tokens = new SampledToken[samplers.Count];
        for (var r = 0; r < tokens.Length; r++)
            tokens[r] = samplers[r].IsPlainGreedy && topLogprobs[r] == 0
                ? samplers[r].Counted(new SampledToken((int)bestIds[r], bestLogprobs[r], []))
                : samplers[r].Pick(raw[r], logprobs[r], topLogprobs[r]);
        return tokens;
    }

    // Greedy with nothing that changes the logits: the row's argmax.
    bool IsPlainGreedy => _options.IsGreedy && !_options.HasPenalties && _options.LogitBias.Count == 0;

    SampledToken Pick(Tensor raw, Tensor logprobs, int topLogprobs)
    {
        var adjusted = Adjust(raw);
        int id = _options.IsGreedy ? (int)adjusted.argmax().item<long>() : Draw(adjusted);
        return Counted(new SampledToken(id, logprobs[id].item<float>(), Top(logprobs, topLogprobs)));
    }

    SampledToken Counted(SampledToken token)
    {
        _counts[token.Id] = _counts.GetValueOrDefault(token.Id) + 1;
        return token;
    }

    Tensor Adjust(Tensor logits)
    {
        if (!_options.HasPenalties && _options.LogitBias.Count == 0) return logits;
        var delta = new Dictionary<int, float>(_options.LogitBias.Where(b => b.Key >= 0 && b.Key < logits.shape[0]));
        if (_options.HasPenalties)
            foreach (var (token, count) in _counts)
                delta[token] = delta.GetValueOrDefault(token) - (_options.FrequencyPenalty * count + _options.PresencePenalty);
        if (delta.Count == 0) return logits;
        var ids = tensor(delta.Keys.Select(k => (long)k).ToArray());
        return logits.index_add(0, ids, tensor(delta.Values.ToArray()), _one);
    }

    int Draw(Tensor logits)
    {
        var probs = (logits / _options.Temperature).softmax(-1);
        var (sorted, order) = probs.sort(descending: true);
        if (_options.TopP < 1)
            sorted = sorted.masked_fill((sorted.cumsum(0) - sorted).gt(_topP), _zero); // keep the smallest head with mass ≥ top_p
        long pick = sorted.multinomial(1, generator: _generator).item<long>();
        return (int)order[pick].item<long>();
    }

    static IReadOnlyList<(int, float)> Top(Tensor logprobs, int k)
    {
        if (k <= 0) return [];
        var (values, indices) = logprobs.topk(Math.Min(k, (int)logprobs.shape[0]));
        var v = values.data<float>().ToArray();
        var i = indices.data<long>().ToArray();
        return Enumerable.Range(0, v.Length).Select(j => ((int)i[j], v[j])).ToArray();
    }

    public void Dispose()
    {
        _generator?.Dispose();
        _zero.Dispose();
        _one.Dispose();
        _topP.Dispose();
    }
}

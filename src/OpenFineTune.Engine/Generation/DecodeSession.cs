using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Serving;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Generation;

/// <summary>
/// The model-side state of one request: a KV cache holding its n choices as one batch (they share the prompt and
/// advance together), and a sampler per choice. Prefill runs one forward pass for this request; Step runs one for
/// many sessions at once. Both return plain deltas, so no tensor outlives the step that made it.
/// </summary>
internal sealed class DecodeSession : IDisposable
{
    readonly CausalLM _model;
    readonly KvCache _cache;
    readonly IReadOnlyList<int> _promptIds;
    readonly Sampler[] _samplers;
    readonly int _topAlternatives;

    public DecodeSession(LoadedModel model, PreparedGeneration prepared)
    {
        var request = prepared.Request;
        _model = model.Model;
        _cache = _model.NewCache();
        _promptIds = prepared.PromptIds;
        _topAlternatives = request.TopLogprobs ?? 0;
        var eos = EosIds(model);
        Choices = Enumerable.Range(0, request.N)
            .Select(i => new ChoiceStream(i, model.Tokenizer, eos, request.Stop ?? [], prepared.MaxNewTokens, request.TopLogprobs)).ToArray();
        _samplers = Enumerable.Range(0, request.N).Select(i => new Sampler(SeedFor(request.Sampling, i))).ToArray();
    }

    public IReadOnlyList<ChoiceStream> Choices { get; }

    public bool Finished => Choices.All(c => c.Finished);

    /// <summary>Feeds the prompt (once per choice row) and samples every choice's first token.</summary>
    public List<GenerationDelta> Prefill()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ids = tensor(_promptIds.Select(i => (long)i).ToArray(), ScalarType.Int64, _model.Device)
            .unsqueeze(0).expand(Choices.Count, _promptIds.Count);                  // [n, T]
        return SampleAll(_model.forward(ids, _cache, lastOnly: true));                // [n, 1, vocab]
    }

    /// <summary>
    /// One decode step of several sessions as one forward pass: every choice's last token, all sessions' rows in one
    /// [rows, 1] batch, each session attending to its own cache. Returns each session's deltas, in order (finished
    /// choices ride along, ignored).
    /// </summary>
    public static List<GenerationDelta>[] Step(IReadOnlyList<DecodeSession> sessions)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = sessions[0]._model;
        if (sessions.Any(s => s._model != model)) throw new ArgumentException("sessions of one step must share a model", nameof(sessions));
        var lastTokens = sessions.SelectMany(s => s.Choices.Select(c => (long)c.LastToken)).ToArray();
        var ids = tensor(lastTokens, ScalarType.Int64, model.Device).unsqueeze(1); // [rows, 1]
        var logits = model.forward(ids, sessions.Select(s => new CachedRows(s._cache, s.Choices.Count)).ToList());
        logits = logits.to(ScalarType.Float32).cpu(); // one device → host copy for all rows
        var deltas = new List<GenerationDelta>[sessions.Count];
        long row = 0;
        for (var i = 0; i < sessions.Count; i++)
        {
            deltas[i] = sessions[i].SampleAll(logits.narrow(0, row, sessions[i].Choices.Count));
            row += sessions[i].Choices.Count;
        }
        return deltas;
    }

    List<GenerationDelta> SampleAll(Tensor logits)
    {
        var deltas = new List<GenerationDelta>();
        foreach (var choice in Choices.Where(c => !c.Finished))
            deltas.Add(choice.Accept(_samplers[choice.Index].Next(logits[choice.Index, 0], _topAlternatives)));
        return deltas;
    }

    static HashSet<int> EosIds(LoadedModel model)
    {
        var ids = model.Generation.EosTokenIds.ToHashSet();
        if (ids.Count == 0 && model.Tokenizer.EosId is { } eos) ids.Add(eos);
        return ids;
    }

    // Choice i of a seeded request draws from seed + i: reproducible, yet the choices differ.
    static SamplingOptions SeedFor(SamplingOptions o, int choice) => o.Seed is not { } seed || choice == 0 ? o
        : new SamplingOptions(o.Temperature, o.TopP, o.PresencePenalty, o.FrequencyPenalty, o.LogitBias, seed + (ulong)choice);

    public void Dispose()
    {
        _cache.Dispose();
        foreach (var sampler in _samplers) sampler.Dispose();
    }
}

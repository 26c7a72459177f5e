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
            .unsqueeze(0).expand(Choices.Count, _promptIds.Count);                   // [n, T]
        var logits = _model.forward(ids, _cache, lastOnly: true).squeeze(1);          // [n, vocab]
        return SampleOpenChoices([this], logits)[0];
    }

    /// <summary>
    /// One decode step of several sessions as one forward pass: every choice's last token, all sessions' rows in one
    /// [rows, 1] batch, each session attending to its own cache. Returns each session's deltas, in order (finished
    /// choices ride along, unsampled).
    /// </summary>
    public static List<GenerationDelta>[] Step(IReadOnlyList<DecodeSession> sessions)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = sessions[0]._model;
        if (sessions.Any(s => s._model != model)) throw new ArgumentException("sessions of one step must share a model", nameof(sessions));
        var lastTokens = sessions.SelectMany(s => s.Choices.Select(c => (long)c.LastToken)).ToArray();
        var ids = tensor(lastTokens, ScalarType.Int64, model.Device).unsqueeze(1); // [rows, 1]
        var logits = model.forward(ids, sessions.Select(s => new CachedRows(s._cache, s.Choices.Count)).ToList()).squeeze(1); // [rows, vocab]
        return SampleOpenChoices(sessions, logits);
    }

    // Samples every unfinished choice from its row of logits (the sessions' rows in order), all rows at once.
    static List<GenerationDelta>[] SampleOpenChoices(IReadOnlyList<DecodeSession> sessions, Tensor logits)
    {
        var open = new List<(int Session, ChoiceStream Choice, long Row)>();
        long row = 0;
        for (var i = 0; i < sessions.Count; i++)
            foreach (var choice in sessions[i].Choices)
                if (!choice.Finished) open.Add((i, choice, row++));
                else row++;
        var rows = logits.index_select(0, tensor(open.Select(o => o.Row).ToArray(), ScalarType.Int64, logits.device));
        var tokens = Sampler.NextForRows(rows,
            open.Select(o => sessions[o.Session]._samplers[o.Choice.Index]).ToList(),
            open.Select(o => sessions[o.Session]._topAlternatives).ToList());
        var deltas = sessions.Select(_ => new List<GenerationDelta>()).ToArray();
        for (var i = 0; i < open.Count; i++) deltas[open[i].Session].Add(open[i].Choice.Accept(tokens[i]));
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

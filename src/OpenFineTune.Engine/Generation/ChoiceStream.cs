using System.Text;
using OpenFineTune.Engine.Tokenization;

namespace OpenFineTune.Engine.Generation;

/// <summary>
/// One choice of a generation: turns each sampled token into a delta. EOS ends it (not emitted), a stop string ends
/// it (never emitted, text before it is), and the token budget ends it with "length". Text only ever contains whole
/// UTF-8 characters.
/// </summary>
internal sealed class ChoiceStream(int index, ModelTokenizer tokenizer, IReadOnlySet<int> eos, IReadOnlyList<string> stops, int maxNewTokens, int? topLogprobs)
{
    readonly StreamingDecoder _decoder = tokenizer.CreateStreamingDecoder(skipSpecialTokens: true);
    readonly StopMatcher _stop = new(stops);

    public int Index => index;
    public int Generated { get; private set; }
    public bool Finished { get; private set; }

    /// <summary>The token fed to the model next (the last one sampled).</summary>
    public int LastToken { get; private set; }

    public GenerationDelta Accept(SampledToken token)
    {
        Generated++;
        LastToken = token.Id;
        if (eos.Contains(token.Id)) return Finish(_stop.Push(_decoder.Flush()), [], "stop", token.Id);
        var logprobs = topLogprobs is null ? null : new[] { Logprob(token) };
        var text = _stop.Push(_decoder.Push(token.Id));
        if (_stop.Stopped) return Finish(text, logprobs, "stop", token.Id);
        if (Generated >= maxNewTokens) return Finish(text + _stop.Push(_decoder.Flush()), logprobs, _stop.Stopped ? "stop" : "length", token.Id);
        return new GenerationDelta(index, text, 1, logprobs, null) { TokenIds = [token.Id] };
    }

    /// <summary>A choice with no room for any token (max tokens 0) ends at once.</summary>
    public GenerationDelta FinishEmpty()
    {
        Finished = true;
        return new GenerationDelta(index, "", 0, topLogprobs is null ? null : [], "length");
    }

    GenerationDelta Finish(string text, IReadOnlyList<TokenLogprob>? logprobs, string reason, int id)
    {
        Finished = true;
        return new GenerationDelta(index, text + _stop.Flush(), 1, topLogprobs is null ? null : logprobs, reason) { TokenIds = [id] };
    }

    TokenLogprob Logprob(SampledToken token) =>
        Describe(token.Id, token.Logprob, token.TopAlternatives.Select(a => Describe(a.Id, a.Logprob, [])).ToList());

    TokenLogprob Describe(int id, float logprob, IReadOnlyList<TokenLogprob> top)
    {
        var bytes = tokenizer.TokenBytes(id, skipSpecialTokens: false);
        return new TokenLogprob(Encoding.UTF8.GetString(bytes), logprob, bytes, top);
    }
}

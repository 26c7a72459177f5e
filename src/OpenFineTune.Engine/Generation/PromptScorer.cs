using System.Text;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Engine.Serving.Adapters;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Generation;

/// <summary>The echoed prompt of a legacy completion: its text and, with logprobs, one entry per prompt token.</summary>
public sealed record ScoredPrompt(string Text, IReadOnlyList<TokenLogprob>? Logprobs);

/// <summary>
/// Scores a prompt for <c>echo</c> + <c>logprobs</c>: one forward pass over the whole prompt, log_softmax at every
/// position, and the logprob of each next prompt token gathered from it with the top alternatives. The first token has
/// nothing before it, so its logprob is null. Token texts are what each token adds to the decoded prompt (special
/// tokens add nothing), so they concatenate to <see cref="ScoredPrompt.Text"/> and text offsets line up.
/// </summary>
internal static class PromptScorer
{
    /// <summary>The echo of <paramref name="prepared"/>: scored through the model's forward gate when logprobs are asked for.</summary>
    public static async Task<ScoredPrompt> EchoAsync(PreparedGeneration prepared, ServedModel served, LoraWeights? adapter, CancellationToken cancellationToken)
    {
        if (prepared.Request.TopLogprobs is { } top)
            return await served.Base.RunAsync(() => Score(served.Base, prepared.PromptIds, top), adapter, cancellationToken).ConfigureAwait(false);
        var text = prepared.Request.Prompt is Prompt.Text plain ? plain.Value : served.Base.Tokenizer.Decode(prepared.PromptIds);
        return new ScoredPrompt(text, null);
    }

    public static ScoredPrompt Score(LoadedModel model, IReadOnlyList<int> ids, int topAlternatives)
    {
        if (ids.Count == 1) return new ScoredPrompt(Pieces(model, ids)[0], [Unscored(Pieces(model, ids)[0])]);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(ids.Select(i => (long)i).ToArray(), ScalarType.Int64, model.Model.Device).unsqueeze(0);
        // Row t predicts token t + 1: [T - 1, vocab].
        var logprobs = model.Model.forward(input)[0].narrow(0, 0, ids.Count - 1).to(ScalarType.Float32).cpu().log_softmax(-1);
        var next = tensor(ids.Skip(1).Select(i => (long)i).ToArray()).unsqueeze(1);
        var chosen = logprobs.gather(1, next).squeeze(1).data<float>().ToArray();
        var k = Math.Min(topAlternatives, (int)logprobs.shape[1]);
        var (topValues, topIds) = logprobs.topk(Math.Max(k, 1));
        var (values, alternatives) = (topValues.data<float>().ToArray(), topIds.data<long>().ToArray());

        var pieces = Pieces(model, ids);
        var scored = new List<TokenLogprob> { Unscored(pieces[0]) };
        for (var t = 1; t < ids.Count; t++)
        {
            var top = Enumerable.Range((t - 1) * Math.Max(k, 1), k).Select(j => Alternative(model, (int)alternatives[j], values[j])).ToList();
            scored.Add(new TokenLogprob(pieces[t], chosen[t - 1], Encoding.UTF8.GetBytes(pieces[t]), top));
        }
        return new ScoredPrompt(string.Concat(pieces), scored);
    }

    /// <summary>The text each prompt token adds when the prompt is decoded in order (a split UTF-8 character lands on its last token).</summary>
    static string[] Pieces(LoadedModel model, IReadOnlyList<int> ids)
    {
        var decoder = model.Tokenizer.CreateStreamingDecoder(skipSpecialTokens: true);
        var pieces = ids.Select(decoder.Push).ToArray();
        pieces[^1] += decoder.Flush();
        return pieces;
    }

    static TokenLogprob Unscored(string piece) => new(piece, null, Encoding.UTF8.GetBytes(piece), []);

    static TokenLogprob Alternative(LoadedModel model, int id, float logprob)
    {
        var bytes = model.Tokenizer.TokenBytes(id, skipSpecialTokens: false);
        return new TokenLogprob(Encoding.UTF8.GetString(bytes), logprob, bytes, []);
    }
}

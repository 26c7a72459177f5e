using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenFineTune.Engine.Generation;

namespace OpenFineTune.Server.Tests.Chat;

/// <summary>Deterministic engine: each choice c says "Hello there, friend!" a word per token (logprob −0.1·(c+1)), "length"
/// when max tokens cut it; one prompt id per word/message, context 50. Records requests; can hold or fail at token 2.</summary>
sealed class FakeTextGenerator : ITextGenerator
{
    public const string Model = "fake-model", Reply = "Hello there, friend!";
    static readonly string[] Words = ["Hello", " there", ",", " friend", "!"];
    public List<GenerationRequest> Requests { get; } = [];
    public Exception? FailAfterFirstToken { get; init; }
    public TaskCompletionSource? Hold { get; init; }
    public readonly TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously), Cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OpenFineTuneApp App(Dictionary<string, string>? settings = null) => new(settings, s => s.AddSingleton<ITextGenerator>(this));

    public PreparedGeneration Prepare(GenerationRequest r)
    {
        if (r.Model != Model) throw new ModelNotFoundException(r.Model, [Model]);
        lock (Requests) Requests.Add(r);
        var ids = r.Prompt switch { Prompt.Tokens t => t.Ids, Prompt.Text t => t.Value.Split(' ').Select(w => w.Length).ToList(), Prompt.Chat c => c.Messages.Select(m => 0).ToList(), _ => [] };
        return ids.Count > 50 ? throw new ContextLengthExceededException(ids.Count, 50) : new(r, r.Model, ids, r.MaxNewTokens ?? 50, "fp_fake");
    }

    public async IAsyncEnumerable<GenerationDelta> GenerateAsync(PreparedGeneration p, [EnumeratorCancellation] CancellationToken ct)
    {
        Started.TrySetResult();
        for (var c = 0; c < p.Request.N; c++)
        {
            if (p.Request.Echo) yield return new(c, ((Prompt.Text)p.Request.Prompt).Value, 0, null, null);
            for (var i = 0; i < Math.Min(p.MaxNewTokens, Words.Length); i++)
            {
                await Task.Yield();
                if (i == 1 && Hold is { } hold) await hold.Task.WaitAsync(ct).ContinueWith(t => { if (t.IsCanceled) Cancelled.TrySetResult(); return t; }).Unwrap();
                if (i == 1 && FailAfterFirstToken is { } failure) throw failure;
                var logprobs = p.Request.TopLogprobs is { } k ? new[] { Logprob(Words[i], -0.1f * (c + 1), Enumerable.Range(1, k).Select(j => Logprob($"alt{j}", -j - 1f, [])).ToList()) } : null;
                yield return new(c, Words[i], 1, logprobs, i == Words.Length - 1 ? "stop" : i == p.MaxNewTokens - 1 ? "length" : null);
            }
        }
    }

    static TokenLogprob Logprob(string token, float logprob, List<TokenLogprob> top) => new(token, logprob, Encoding.UTF8.GetBytes(token), top);
}

using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenFineTune.Engine.Generation;

namespace OpenFineTune.Server.Tests.Chat;

/// <summary>
/// A deterministic engine for API tests: every choice says "Hello there, friend!" one word per token (finish "stop"),
/// or fewer words with finish "length"; choice c's logprobs are −0.1·(c+1); prompt ids are one per word / message.
/// Records the requests it was given; can hold (until released or cancelled) or fail after the first token.
/// </summary>
sealed class FakeTextGenerator : ITextGenerator
{
    public const string Model = "fake-model", Reply = "Hello there, friend!";
    static readonly string[] Words = ["Hello", " there", ",", " friend", "!"];
    public List<GenerationRequest> Requests { get; } = [];
    public Exception? FailAfterFirstToken { get; set; }
    public TaskCompletionSource? Hold { get; set; }
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PreparedGeneration Prepare(GenerationRequest request)
    {
        if (request.Model != Model) throw new ModelNotFoundException(request.Model, [Model]);
        lock (Requests) Requests.Add(request);
        IReadOnlyList<int> ids = request.Prompt switch
        {
            Prompt.Tokens t => t.Ids,
            Prompt.Text t => t.Value.Split(' ').Select(w => w.Length).ToList(),
            Prompt.Chat c => c.Messages.Select(m => m.Content?.Length ?? 0).ToList(),
            _ => [],
        };
        if (ids.Count > 50) throw new ContextLengthExceededException(ids.Count, 50);
        return new PreparedGeneration(request, request.Model, ids, request.MaxNewTokens ?? 50, "fp_fake");
    }

    public async IAsyncEnumerable<GenerationDelta> GenerateAsync(PreparedGeneration p, [EnumeratorCancellation] CancellationToken ct)
    {
        Started.TrySetResult();
        for (var c = 0; c < p.Request.N; c++)
        {
            if (p.Request.Echo) yield return new GenerationDelta(c, ((Prompt.Text)p.Request.Prompt).Value, 0, null, null);
            for (var i = 0; i < p.MaxNewTokens; i++)
            {
                await Task.Yield();
                ct.ThrowIfCancellationRequested();
                if (i == 1 && Hold is { } hold) await hold.Task.WaitAsync(ct).ContinueWith(t => { if (t.IsCanceled) Cancelled.TrySetResult(); return t; }).Unwrap();
                if (i == 1 && FailAfterFirstToken is { } failure) throw failure;
                var finish = i == Words.Length - 1 ? "stop" : i == p.MaxNewTokens - 1 ? "length" : null;
                yield return new GenerationDelta(c, Words[i], 1, Logprob(p.Request.TopLogprobs, Words[i], c), finish);
                if (finish is not null) break;
            }
        }
    }

    static TokenLogprob[]? Logprob(int? top, string word, int choice) => top is not { } k ? null :
        [new(word, -0.1f * (choice + 1), Encoding.UTF8.GetBytes(word), Enumerable.Range(1, k).Select(j => new TokenLogprob($"alt{j}", -j - 1f, Encoding.UTF8.GetBytes($"alt{j}"), [])).ToList())];

    public OpenFineTuneApp App(Dictionary<string, string>? settings = null) =>
        new(settings, services => services.AddSingleton<ITextGenerator>(this));
}

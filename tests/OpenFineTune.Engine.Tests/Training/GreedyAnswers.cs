using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Templates;
using OpenFineTune.Engine.Tokenization;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Training;

/// <summary>Greedy decoding with a KV cache and the normalised character similarity the issue scores answers with.</summary>
static class GreedyAnswers
{
    public static string Answer(CausalLM model, ModelTokenizer tokenizer, ChatTemplate template, string system, string user, int maxNewTokens = 256)
    {
        var messages = new List<object?>
        {
            new Dictionary<string, object?> { ["role"] = "system", ["content"] = system },
            new Dictionary<string, object?> { ["role"] = "user", ["content"] = user },
        };
        var prompt = tokenizer.Encode(template.Render(messages, addGenerationPrompt: true), addSpecialTokens: false);
        using var noGrad = no_grad();
        using var cache = model.NewCache();
        var answer = new List<int>();
        long[] next = prompt.Select(id => (long)id).ToArray();
        while (answer.Count < maxNewTokens)
        {
            using var scope = NewDisposeScope();
            var logits = model.forward(tensor(next, [1, next.Length]), cache, lastOnly: true);
            var token = (int)logits[0, -1].argmax().item<long>();
            if (token == tokenizer.EosId) break;
            answer.Add(token);
            next = [token];
        }
        return tokenizer.Decode(answer);
    }

    /// <summary>1 − Levenshtein(a, b) / max(|a|, |b|), in characters.</summary>
    public static double Similarity(string a, string b)
    {
        if (a.Length == 0 && b.Length == 0) return 1;
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return 1 - (double)previous[b.Length] / Math.Max(a.Length, b.Length);
    }
}

using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Templates;
using OpenFineTune.Engine.Tokenization;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Training;

/// <summary>Greedy decoding with a KV cache (answers are scored with <see cref="TextSimilarity"/>).</summary>
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
}

using System.Text.Json;

namespace OpenFineTune.Engine.Tests.Models;

/// <summary>
/// One prompt of shared/fixtures/reference-models/*/expected.json: llama.cpp's float32 logits at recorded
/// positions and its 48 greedy tokens with their top-5 logits (layout in that folder's README).
/// </summary>
sealed record ReferencePrompt(long[] Ids, int[] Positions, float[][] Logits, long[] GreedyTokens, (long Id, float Logit)[][] GreedyTop5)
{
    public static string HfDir(string model) => Path.Combine(TestPaths.Fixtures, "reference-models", model, "hf");

    public static IReadOnlyList<ReferencePrompt> Load(string model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "reference-models", model, "expected.json")));
        return doc.RootElement.GetProperty("prompts").EnumerateArray().Select(Parse).ToList();
    }

    static ReferencePrompt Parse(JsonElement p)
    {
        var greedy = p.GetProperty("greedy");
        return new(
            p.GetProperty("ids").EnumerateArray().Select(e => e.GetInt64()).ToArray(),
            p.GetProperty("positions").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            p.GetProperty("logits").EnumerateArray().Select(row => row.EnumerateArray().Select(e => e.GetSingle()).ToArray()).ToArray(),
            greedy.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt64()).ToArray(),
            greedy.GetProperty("top5").EnumerateArray()
                .Select(step => step.EnumerateArray().Select(pair => (pair[0].GetInt64(), pair[1].GetSingle())).ToArray()).ToArray());
    }
}

using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Engine.Tests.Serving;

/// <summary>Registries over the shared reference models and scratch directories for serving tests.</summary>
static class ServingTestModels
{
    /// <summary>llama2.c stories260K in HF form (shared/fixtures/reference-models/stories260k/hf), real pretrained weights.</summary>
    public static string Stories260k => Path.Combine(TestPaths.Fixtures, "reference-models", "stories260k", "hf");

    public static ModelRegistry Stories(params string[] aliases) =>
        new(new EngineOptions { Models = [$"stories260k={Stories260k}"], ModelAliases = aliases, Threads = 1 });

    public static async Task<List<GenerationDelta>> Collect(ITextGenerator generator, GenerationRequest request, CancellationToken ct = default)
    {
        var deltas = new List<GenerationDelta>();
        await foreach (var delta in generator.GenerateAsync(generator.Prepare(request), ct)) deltas.Add(delta);
        return deltas;
    }

    public static string Text(IEnumerable<GenerationDelta> deltas, int choice = 0) =>
        string.Concat(deltas.Where(d => d.Choice == choice).Select(d => d.Text));

    public static SamplingOptions Greedy => new(temperature: 0);
}

/// <summary>A fresh directory under /tmp, deleted with the test.</summary>
sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("oft-serving-").FullName;

    public string Sub(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

using OpenFineTune.Engine.Models.BuiltIn;
using OpenFineTune.Engine.Tests.Models;
using OpenFineTune.Engine.Training;

namespace OpenFineTune.Engine.Tests.Training;

/// <summary>
/// The loss mask: only weight-1 assistant messages and their end-of-turn token are trained, on the built-in
/// ChatML template, on Qwen2.5's real template (fixtures/qwen2.5-instruct) and on plain text for a model without one.
/// </summary>
public sealed class SftExampleBuilderTests : IDisposable
{
    readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    const string MultiTurn = """
        {"messages": [{"role": "system", "content": "Sé breve."}, {"role": "user", "content": "Hola"}, {"role": "assistant", "content": "¡Hola! ¿En qué te ayudo?"}, {"role": "user", "content": "¿Precio?"}, {"role": "assistant", "content": "No lo sé.", "weight": 0}, {"role": "user", "content": "¿Y ahora?"}, {"role": "assistant", "content": "Cuesta 12 €."}]}
        """;

    static List<string> TrainedRuns(SftExample example, SftExampleBuilder builder)
    {
        var runs = new List<string>();
        for (int i = 0; i < example.Length; i++)
        {
            if (!example.Trained[i]) continue;
            int start = i;
            while (i < example.Length && example.Trained[i]) i++;
            runs.Add(builder.Tokenizer.Decode(example.InputIds[start..i]));
        }
        return runs;
    }

    static IReadOnlyList<Engine.Datasets.Conversation> Repeat(string line, int times = 10) =>
        SupportChats.Validated(string.Join("\n", Enumerable.Repeat(line.Trim(), times)));

    [Fact]
    public void BuiltInChatMlTrainsOnlyWeightedAnswersAndTheirEndToken()
    {
        BuiltInModel.Write(dir.Path);
        var builder = SftExampleBuilder.ForModel(dir.Path, 2048);
        var example = builder.Build(Repeat(MultiTurn)[0]);
        Assert.Equal(["¡Hola! ¿En qué te ayudo?<|im_end|>", "Cuesta 12 €.<|im_end|>"], TrainedRuns(example, builder));
        Assert.StartsWith("<|im_start|>system\nSé breve.<|im_end|>\n<|im_start|>user\nHola<|im_end|>\n<|im_start|>assistant\n",
            builder.Tokenizer.Decode(example.InputIds));
    }

    [Fact]
    public void Qwen25TemplateTrainsOnlyWeightedAnswersAndTheirEndToken()
    {
        var builder = SftExampleBuilder.ForModel(Path.Combine(TestPaths.Fixtures, "qwen2.5-instruct"), 32768);
        var example = builder.Build(Repeat(MultiTurn)[0]);
        Assert.Equal(["¡Hola! ¿En qué te ayudo?<|im_end|>", "Cuesta 12 €.<|im_end|>"], TrainedRuns(example, builder));
        Assert.Contains("<|im_start|>assistant\nNo lo sé.<|im_end|>", builder.Tokenizer.Decode(example.InputIds));

        // Without a system message the template adds Qwen's default one; it stays untrained.
        var noSystem = builder.Build(SupportChats.Validated(string.Join("\n", Enumerable.Repeat(
            """{"messages": [{"role": "user", "content": "Hola"}, {"role": "assistant", "content": "Buenas."}]}""", 10)))[0]);
        Assert.Equal(["Buenas.<|im_end|>"], TrainedRuns(noSystem, builder));
        Assert.StartsWith("<|im_start|>system\nYou are Qwen", builder.Tokenizer.Decode(noSystem.InputIds));
    }

    [Fact]
    public void Qwen25ToolCallAnswerIsTrainedAsTheTemplateWritesIt()
    {
        var builder = SftExampleBuilder.ForModel(Path.Combine(TestPaths.Fixtures, "qwen2.5-instruct"), 32768);
        const string line = """
            {"messages": [{"role": "user", "content": "¿Tiempo en Madrid?"}, {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "tiempo", "arguments": "{\"ciudad\": \"Madrid\"}"}}]}, {"role": "tool", "tool_call_id": "c1", "content": "20 grados"}, {"role": "assistant", "content": "Hace 20 grados."}], "tools": [{"type": "function", "function": {"name": "tiempo", "parameters": {"type": "object", "properties": {"ciudad": {"type": "string"}}}}}]}
            """;
        var example = builder.Build(Repeat(line)[0]);
        Assert.Equal(["<tool_call>\n{\"name\": \"tiempo\", \"arguments\": {\"ciudad\": \"Madrid\"}}\n</tool_call><|im_end|>", "Hace 20 grados.<|im_end|>"],
            TrainedRuns(example, builder));
    }

    [Fact]
    public void ModelWithoutTemplateTrainsOnPlainTextAnswersAndEos()
    {
        var builder = SftExampleBuilder.ForModel(TrainingHarness.ReferenceModel("stories260k"), 512);
        var chat = builder.Build(Repeat("""{"messages": [{"role": "user", "content": "Once"}, {"role": "assistant", "content": "upon a time"}]}""")[0]);
        Assert.Equal(["upon a time</s>"], TrainedRuns(chat, builder).Select(r => r.Trim()));
        Assert.Equal(builder.Tokenizer.BosId, chat.InputIds[0]);

        var legacy = builder.Build(Repeat("""{"prompt": "Once upon", "completion": " a time"}""")[0]);
        Assert.Equal("Once upon a time</s>", builder.Tokenizer.Decode(legacy.InputIds[1..]).Trim());
        Assert.Equal([" a time</s>"], TrainedRuns(legacy, builder).Select(r => " " + r.TrimStart()));
    }

    [Fact]
    public void SpecialTokenWrittenInContentFailsTheFileNamingTheLine()
    {
        BuiltInModel.Write(dir.Path);
        var lines = Enumerable.Repeat("""{"messages": [{"role": "user", "content": "Hola"}, {"role": "assistant", "content": "Buenas."}]}""", 10).ToList();
        lines[3] = """{"messages": [{"role": "user", "content": "fin<|im_end|>"}, {"role": "assistant", "content": "Buenas."}]}""";
        var data = SupportChats.Validated(string.Join("\n", lines));
        var error = Assert.Throws<TrainingDataException>(() => SftDataset.Prepare(data, SftExampleBuilder.ForModel(dir.Path, 2048), "training_file"));
        Assert.Equal("invalid_training_file", error.Code);
        Assert.Equal("training_file", error.Param);
        Assert.Contains("line 4, messages[0].content: contains the special token \"<|im_end|>\"", error.Message);

        var inValidation = Assert.Throws<TrainingDataException>(() => SftDataset.Prepare(data, SftExampleBuilder.ForModel(dir.Path, 2048), "validation_file"));
        Assert.Equal("validation_file", inValidation.Param);
        Assert.StartsWith("Validation file has special tokens", inValidation.Message);
    }

    [Fact]
    public void LongExamplesAreTruncatedFromTheEndAndReported()
    {
        BuiltInModel.Write(dir.Path);
        var lines = Enumerable.Repeat("""{"messages": [{"role": "user", "content": "Hola"}, {"role": "assistant", "content": "Buenas."}]}""", 10).ToList();
        lines[1] = """{"messages": [{"role": "user", "content": "Hola"}, {"role": "assistant", "content": "Una respuesta bastante larga."}]}""";
        var dataset = SftDataset.Prepare(SupportChats.Validated(string.Join("\n", lines)), SftExampleBuilder.ForModel(dir.Path, 40), "training_file");
        var cut = Assert.Single(dataset.Examples, e => e.Truncated);
        Assert.Equal(2, cut.Line);
        Assert.Equal(40, cut.Length);
        Assert.True(cut.FullLength > 40);
        var warning = Assert.Single(dataset.Warnings);
        Assert.Contains("1 example(s) longer than the 40 tokens", warning);
        Assert.Contains($"line 2 ({cut.FullLength} tokens)", warning);
    }
}

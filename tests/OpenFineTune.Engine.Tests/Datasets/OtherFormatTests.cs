using OpenFineTune.Engine.Datasets;
using static OpenFineTune.Engine.Tests.Datasets.Jsonl;

namespace OpenFineTune.Engine.Tests.Datasets;

/// <summary>The seed's other formats (Alpaca, "### User:" text) and OpenAI's legacy prompt/completion, and mixing them.</summary>
public class OtherFormatTests
{
    const string Alpaca = """{"instruction":"Responde como soporte","input":"Mi factura tiene un error","output":"Lo siento, ¿qué número tiene?"}""";
    const string Turns = """{"text":"### User: ¿Cómo reseteo mi contraseña?\n### Assistant: Pulsa 'Olvidé contraseña'."}""";
    const string PromptCompletion = """{"prompt":"Hola ->","completion":" ¿En qué puedo ayudarte?"}""";

    static (string Role, string? Content, int Weight)[] Turns0(DatasetValidationResult r) =>
        r.Conversations[0].Messages.Select(m => (m.Role, m.Content, m.Weight)).ToArray();

    [Fact]
    public void AlpacaBecomesInstructionThenInputAsTheUserTurn()
    {
        var result = ValidateWith(Alpaca, Alpaca);

        Assert.True(result.IsValid, result.Describe());
        Assert.Equal(DatasetFormat.Alpaca, result.Format);
        Assert.Equal([("user", "Responde como soporte\n\nMi factura tiene un error", 0), ("assistant", "Lo siento, ¿qué número tiene?", 1)], Turns0(result));
    }

    [Fact]
    public void AlpacaWithEmptyOrNoInputUsesTheInstructionAlone()
    {
        var result = ValidateWith("""{"instruction":"Saluda","input":"","output":"Hola"}""", """{"instruction":"Saluda","output":"Hola"}""");
        Assert.True(result.IsValid, result.Describe());
        Assert.All(result.Conversations, c => Assert.Equal("Saluda", c.Messages[0].Content));
    }

    [Theory]
    [InlineData("""{"instruction":"Saluda"}""", "line 1, output: missing; an Alpaca example needs the output to train on")]
    [InlineData("""{"instruction":"Saluda","output":""}""", "line 1, output: expected non-empty text, got an empty string")]
    [InlineData("""{"instruction":"Saluda","input":3,"output":"Hola"}""", "line 1, input: expected a string, got a number")]
    [InlineData("""{"instruction":"Saluda","output":"Hola","source":"x"}""", "line 1, source: unrecognized key; an Alpaca example has instruction, input, output")]
    public void BadAlpacaLinesNameTheField(string line, string expected) => Assert.Equal([expected], ProblemsOf(line, Alpaca));

    [Fact]
    public void TurnTextSplitsAtEachMarkerLine()
    {
        var multi = """{"text":"### System: Eres soporte.\n### User: Hola\n### Assistant: Hola, dime.\n\n### User: Mi app falla\ny se cierra\n### Assistant: Actualízala."}""";
        var result = ValidateWith(multi, Turns);

        Assert.True(result.IsValid, result.Describe());
        Assert.Equal(DatasetFormat.TurnText, result.Format);
        Assert.Equal([("system", "Eres soporte.", 0), ("user", "Hola", 0), ("assistant", "Hola, dime.", 1),
            ("user", "Mi app falla\ny se cierra", 0), ("assistant", "Actualízala.", 1)], Turns0(result));
    }

    [Theory]
    [InlineData("""{"text":"Hola\n### Assistant: Hola"}""", "line 1, text: must start with \"### User:\" (or \"### System:\"); found \"Hola\n### Assistant: Hola\"")]
    [InlineData("""{"text":"### User: Hola"}""", "line 1, text: no \"### Assistant:\" turn; an example needs an answer to train on")]
    [InlineData("""{"text":"### User: Hola\n### Assistant:"}""", "line 1, text: turn 2 (\"### Assistant:\") is empty")]
    [InlineData("""{"text":"### User: a\n### System: b\n### Assistant: c"}""", "line 1, text: turn 2: \"### System:\" may only be the first turn")]
    public void BadTurnTextIsExplained(string line, string expected) => Assert.Equal([expected], ProblemsOf(line, Turns));

    [Fact]
    public void PromptCompletionBecomesUserAndAssistant()
    {
        var result = ValidateWith("""{"prompt":"","completion":"Hola"}""", PromptCompletion);

        Assert.True(result.IsValid, result.Describe());
        Assert.Equal(DatasetFormat.PromptCompletion, result.Format);
        Assert.Equal([("user", "", 0), ("assistant", "Hola", 1)], Turns0(result));
        Assert.Equal(["line 1, completion: missing; a prompt/completion example needs the completion to train on"],
            ProblemsOf("""{"prompt":"x"}""", PromptCompletion));
    }

    [Fact]
    public void MixedFormatsNameTheFirstDifferingLine()
    {
        var result = DatasetValidator.Validate(Lines([.. Enumerable.Repeat(Chat, 3), Alpaca, Chat, Turns, .. Enumerable.Repeat(Chat, 6)]));

        var problem = Assert.Single(result.Problems);
        Assert.Equal("line 4: looks like an Alpaca example ({\"instruction\", \"input\", \"output\"}), but the file's first example (line 1) is a chat example ({\"messages\": [...]}); a file must use one format (1 more line(s) differ too)",
            problem.ToString());
        Assert.Equal("mixed_formats", problem.Code);
        Assert.Empty(result.Conversations);
    }

    [Fact]
    public void FormatIsTakenFromTheFirstRecognisableLine()
    {
        var result = DatasetValidator.Validate(Lines(["""{"foo":1}""", .. Enumerable.Repeat(Alpaca, 10)]));
        Assert.Equal(DatasetFormat.Alpaca, result.Format);
        Assert.Equal(["line 1: not an Alpaca example ({\"instruction\", \"input\", \"output\"}), the format of this file (line 2)"],
            result.Problems.Select(p => p.ToString()));
    }
}

using System.Text;
using OpenFineTune.Engine.Datasets;
using static OpenFineTune.Engine.Tests.Datasets.Jsonl;

namespace OpenFineTune.Engine.Tests.Datasets;

/// <summary>What applies to the whole file: encoding, line endings, blank lines, example count, the 20-problem cap.</summary>
public class FileLevelTests
{
    static readonly string[] TenChats = [.. Enumerable.Repeat(Chat, 10)];

    [Fact]
    public void FewerThanTenExamplesIsRejectedWithOpenAIsMessage()
    {
        var result = DatasetValidator.Validate(Lines(Chat, Chat, Chat));

        var problem = Assert.Single(result.Problems);
        Assert.Equal("Training file has 3 example(s), but must have at least 10 examples", problem.ToString());
        Assert.Equal(("invalid_n_examples", 0), (problem.Code, problem.Line));
        Assert.Equal("invalid_n_examples", result.ErrorCode);
        Assert.Equal("invalid_training_file", DatasetValidator.Validate(Lines("nope", Chat)).ErrorCode);
        Assert.True(DatasetValidator.Validate(Lines(Chat), DatasetValidationOptions.Validation).IsValid);
    }

    [Fact]
    public void BomCrlfAndBlankLinesAreAcceptedAndLinesKeepTheirNumbers()
    {
        var text = "\r\n" + string.Join("\r\n\r\n", TenChats) + "\r\n   \r\n";
        var result = DatasetValidator.Validate(Bytes([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]));

        Assert.True(result.IsValid, result.Describe());
        Assert.Null(result.ErrorCode);
        Assert.Equal([2, 4, 6, 8, 10, 12, 14, 16, 18, 20], result.Conversations.Select(c => c.Line));
        Assert.Equal("¿En qué puedo ayudarte?", result.Conversations[0].Messages[1].Content);
    }

    [Fact]
    public void InvalidUtf8IsReportedOnItsOwnLineAndTheRestIsStillChecked()
    {
        var lines = TenChats.Select(l => Encoding.UTF8.GetBytes(l + "\n")).ToList();
        lines[6] = [.. Encoding.UTF8.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":\"caf"), 0xE9, .. Encoding.UTF8.GetBytes("\"}]}\n")];
        lines[8] = Encoding.UTF8.GetBytes("{\"messages\":[{\"role\":\"bot\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}]}\n");

        var result = DatasetValidator.Validate(Bytes([.. lines.SelectMany(l => l)]));

        Assert.Equal([
            "line 7: not valid UTF-8 (byte 0xE9 at byte 43 of the line); save the file as UTF-8",
            "line 9, messages[0].role: expected one of system, user, assistant, tool; got \"bot\""], result.Problems.Select(p => p.ToString()));
        Assert.Equal("invalid_utf8", result.Problems[0].Code);
    }

    [Fact]
    public void Utf16FileIsNamedAsSuch()
    {
        var result = DatasetValidator.Validate(Bytes([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(string.Join("\n", TenChats))]));
        Assert.Contains("line 1: the file is UTF-16; fine-tuning files must be UTF-8", result.Problems.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("{\"messages\": [", "line 1: invalid JSON at byte 15: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed")]
    [InlineData("[1, 2]", "line 1: expected a JSON object, got an array")]
    [InlineData("{\"a\":1}{\"b\":2}", "line 1: invalid JSON at byte 8: '{' is invalid after a single JSON value. Expected end of data")]
    public void LinesThatAreNotJsonObjectsAreReportedAtUploadAndAtJobCreation(string line, string expected)
    {
        Assert.Equal([expected], JsonlChecker.Check(Lines([line, .. TenChats])).Select(p => p.ToString()));
        Assert.Equal([expected], DatasetValidator.Validate(Lines([line, .. TenChats])).Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void UploadCheckDoesNotApplyTheSchema() =>
        Assert.Empty(DatasetValidator.CheckWellFormed(Lines("""{"instruction":"a"}""", """{"messages":"x"}""")));

    [Fact]
    public void OnlyTheFirstTwentyProblemsAreKeptInLineOrderAndTheRestCounted()
    {
        var bad = Line(Message("bot", "x"), Message("assistant", "y"));
        var result = DatasetValidator.Validate(Lines([.. Enumerable.Repeat(bad, 25), "not json"]));

        Assert.Equal(20, result.Problems.Count);
        Assert.Equal(26, result.ProblemCount);
        Assert.Equal(Enumerable.Range(1, 20), result.Problems.Select(p => p.Line));
        Assert.EndsWith("... and 6 more problem(s)", result.Describe());
        Assert.Equal(20, JsonlChecker.Check(Lines(Enumerable.Repeat("nope", 30))).Count);
    }

    [Fact]
    public void StatisticsCountExamplesMessagesAndCharacters()
    {
        var weighted = Line(Message("user", "abc"), """{"role":"assistant","content":"de","weight":0}""", Message("user", "f"), Message("assistant", "ghij"));
        var result = DatasetValidator.Validate(Lines([weighted, .. Enumerable.Repeat(Chat, 9)]));

        // Chat has "Hola" (4) + "¿En qué puedo ayudarte?" (23): 27 characters, 23 of them assistant.
        Assert.Equal(new DatasetStatistics(Examples: 10, Messages: 4 + 18, AssistantMessages: 2 + 9, TrainedAssistantMessages: 1 + 9,
            Characters: 10 + 9 * 27, AssistantCharacters: 6 + 9 * 23, LongestExampleCharacters: 27), result.Statistics);
    }
}

/// <summary>The line reader the upload path has always exposed keeps its contract.</summary>
public class ReadLinesTests
{
    [Fact]
    public void ReadLinesSkipsBlankAndUndecodableLinesAndReportsTheLatter()
    {
        var problems = new List<DatasetProblem>();
        var bytes = System.Text.Encoding.UTF8.GetBytes("uno\r\n\r\n").Concat(new byte[] { 0xFF, (byte)'\n' }).Concat(System.Text.Encoding.UTF8.GetBytes("dos")).ToArray();

        var lines = JsonlChecker.ReadLines(new MemoryStream(bytes), problems).ToList();

        Assert.Equal([(1, "uno"), (4, "dos")], lines);
        Assert.Equal(["line 3: not valid UTF-8 (byte 0xFF at byte 1 of the line); save the file as UTF-8"], problems.Select(p => p.ToString()));
    }
}

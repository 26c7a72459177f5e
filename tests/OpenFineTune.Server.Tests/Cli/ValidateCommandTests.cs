using System.Text.Json;

namespace OpenFineTune.Server.Tests.Cli;

/// <summary><c>validate FILE</c>: a job's checks offline, with the API's line-numbered messages, and the numbers before training.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("oft-cli-validate-").FullName;
    static string Soporte => TestPaths.SupportChats;

    static string Chat(string user, string assistant) => JsonSerializer.Serialize(new
    {
        messages = new[] { new { role = "user", content = user }, new { role = "assistant", content = assistant } },
    });

    static IEnumerable<string> Chats(int n) => Enumerable.Range(1, n).Select(i => Chat($"question {i}", $"answer {i}"));

    string Write(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    CliRun.Result Validate(params string[] args) => CliRun.Run(["validate", .. args, "--data-dir", _dir, "--estimate-steps", "0"]);

    [Fact]
    public void AGoodFileGetsItsCountsTokensAndTrainingPlan()
    {
        var result = Validate(Soporte);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("training_file: valid, chat format", result.Output);
        Assert.Matches(@"examples\s+24 \(72 messages, 24 from the assistant, 24 trained\)", result.Output);
        Assert.Matches(@"tokens\s+[\d,]+; trained \(assistant\) [\d,]+ = \d+\.\d% of the tokens trained on", result.Output);
        Assert.Matches(@"longest\s+line \d+ \([\d,]+\)(, line \d+ \([\d,]+\)){4}\r?\n", result.Output);
        Assert.Matches(@"duplicates\s+none", result.Output);
        Assert.Matches(@"hyper-parameters\s+n_epochs 50, batch_size 2", result.Output); // the built-in model's auto rule: 600 steps
        Assert.Matches(@"steps\s+600 \(12 per epoch\)", result.Output);
    }

    [Fact]
    public void ABadFileIsReportedLineByLineAsTheApiReportsIt()
    {
        var lines = Chats(12).ToList();
        lines[2] = "{\"messages\": [";
        lines[6] = lines[6].Replace("\"user\"", "\"bot\"");
        var path = Write("bad.jsonl", lines);

        var result = Validate(path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Invalid training_file {path}:\nline 3: invalid JSON at byte 15", result.Output);
        Assert.Contains("line 7, messages[0].role: expected one of system, user, assistant, tool; got \"bot\"\n", result.Output);
        Assert.Contains("(error code: invalid_training_file)", result.Output);
        Assert.DoesNotContain("training plan", result.Output);
    }

    [Fact]
    public void TooFewExamplesFailWithOpenAIsCode()
    {
        var result = Validate(Write("three.jsonl", Chats(3)));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Training file has 3 example(s), but must have at least 10 examples", result.Output);
        Assert.Contains("(error code: invalid_n_examples)", result.Output);
    }

    [Fact]
    public void SpecialTokensTypedInContentFailAsTheTrainerWouldFailTheJob()
    {
        var lines = Chats(10).Append(Chat("hi", "bye<|im_end|>")).ToList();

        var result = Validate(Write("special.jsonl", lines));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Invalid training_file (the job would fail with invalid_training_file)", result.Output);
        Assert.Contains("line 11, messages[1].content: contains the special token \"<|im_end|>\"", result.Output);
    }

    [Fact]
    public void DuplicatesAndExamplesLongerThanTheContextAreNamedByLine()
    {
        var lines = Chats(12).ToList();
        lines[4] = lines[1];
        lines[8] = Chat("tell me everything", new string('x', 3000)); // the built-in model trains on 2048 byte tokens
        var path = Write("mixed.jsonl", lines);

        var result = Validate(path, "--longest", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"duplicates\s+1 repeated example\(s\): lines 2 = 5", result.Output);
        Assert.Matches(@"longest\s+line 9 \(3,\d{3}\)\r?\n", result.Output);
        Assert.Matches(@"over the context\s+1 example\(s\) longer than 2,048 tokens", result.Output);
        Assert.Matches(@"warning: Training file has 1 example\(s\) longer than the 2048 tokens the model trains on; they are truncated from the end: line 9 \(3\d{3} tokens\)", result.Output);
    }

    [Fact]
    public void AValidationFileIsCheckedAndItsOverlapWithTrainingNamed()
    {
        var training = Write("train.jsonl", Chats(12));
        var validation = Write("valid.jsonl", [Chat("new question", "new answer"), Chats(12).ElementAt(3)]);

        var result = Validate(training, "--validation-file", validation);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("validation_file: valid, chat format", result.Output);
        Assert.Contains("warning: 1 validation example(s) also in the training file (validation lines 2)", result.Output);
    }

    [Fact]
    public void AnotherModelChangesTheTokenizerAndTheAutoHyperparameters()
    {
        var qwen = Path.Combine(TestPaths.Fixtures, "reference-models", "tiny-qwen2-random", "hf");

        var result = Validate(Soporte, "--model", qwen, "--n-epochs", "2");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"model: hf ({qwen})", result.Output);
        Assert.Matches(@"hyper-parameters\s+n_epochs 2, batch_size 1, learning rate 0.0002", result.Output); // pretrained regime, batch ≈ 0.2% of 24
        Assert.Matches(@"steps\s+48 \(24 per epoch\)", result.Output);
    }

    [Fact]
    public void TheEstimateTimesRealTrainingStepsOnThisMachine()
    {
        var result = CliRun.Run("validate", Soporte, "--data-dir", _dir, "--estimate-steps", "2", "--threads", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"estimated time\s+about \d+ (h|min|s)( \d+ (min|s))? on this machine \(timed 2 steps: \d+ tokens/s after a \d+\.\d s set-up; [\d,]+ tokens to train", result.Output);
        Assert.Contains("timing training steps: 2/2", result.Error); // plain progress lines when not a terminal
        Assert.Empty(Directory.GetDirectories(_dir)); // the temporary built-in model and the trainer's work are gone
    }

    [Theory]
    [InlineData("missing.jsonl", "file not found")]
    [InlineData("--n-epochs", "n_epochs: expected \"auto\" or an integer from 1 to 50; got 99")]
    public void UsageErrorsExitWith2(string first, string message)
    {
        var args = first == "--n-epochs" ? new[] { Soporte, "--n-epochs", "99" } : [Path.Combine(_dir, first)];

        var result = Validate(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

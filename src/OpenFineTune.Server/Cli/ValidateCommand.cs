using System.CommandLine;
using OpenFineTune.Engine.Training;

namespace OpenFineTune.Server.Cli;

/// <summary>
/// <c>validate FILE</c>: the checks a fine-tuning job makes, offline, plus the numbers worth knowing before training.
/// Exit code 0 when the files would train, 1 when a job would reject them, 2 for a usage error.
/// </summary>
public sealed class ValidateCommand
{
    readonly Argument<FileInfo> File = new("FILE") { Description = "The training file (JSONL: chat, Alpaca, ### User: text or prompt/completion)" };
    readonly Option<FileInfo> ValidationFile = new("--validation-file") { HelpName = "FILE", Description = "A validation file, checked the same way" };
    readonly Option<string> Model = new("--model")
        { HelpName = "PATH|ID=PATH|org/name", Description = "The model to tokenize for and time (default the built-in openfinetune-tiny)" };
    readonly Option<string> DataDir = ModelOptions.DataDir();
    readonly Option<int?> Epochs = new("--n-epochs") { HelpName = "N", Description = "n_epochs as a job would get it (default auto)" };
    readonly Option<int?> BatchSize = new("--batch-size") { HelpName = "N", Description = "batch_size as a job would get it (default auto)" };
    readonly Option<double?> RateMultiplier = new("--learning-rate-multiplier") { HelpName = "X", Description = "learning_rate_multiplier (default auto)" };
    readonly Option<int> EstimateSteps = new("--estimate-steps")
        { HelpName = "N", Description = "Training steps to time on this machine for the estimate (0 skips it)", DefaultValueFactory = _ => 4 };
    readonly Option<int> Threads = ModelOptions.Threads();
    readonly Option<int> Longest = new("--longest") { HelpName = "N", Description = "How many of the longest examples to list", DefaultValueFactory = _ => 5 };

    public static Command Create() => new ValidateCommand().Command();

    Command Command()
    {
        var validate = new Command("validate", "Check a fine-tuning file offline as a job would: line-numbered errors, token counts, duplicates, longest examples and an estimated training time.");
        validate.Add(File);
        foreach (var option in new Option[] { ValidationFile, Model, DataDir, Epochs, BatchSize, RateMultiplier, EstimateSteps, Threads, Longest })
            validate.Add(option);
        validate.SetAction((parsed, ct) => RunAsync(parsed, ct));
        return validate;
    }

    async Task<int> RunAsync(ParseResult parsed, CancellationToken ct)
    {
        var (output, error) = (parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error);
        var request = new ValidationRequest(
            parsed.GetValue(File)!.FullName, parsed.GetValue(ValidationFile)?.FullName, parsed.GetValue(Model), parsed.GetValue(DataDir) ?? "./data",
            new HyperparameterChoices(parsed.GetValue(Epochs), parsed.GetValue(BatchSize), parsed.GetValue(RateMultiplier)),
            parsed.GetValue(EstimateSteps), parsed.GetValue(Threads), parsed.GetValue(Longest));
        if (request.UsageProblem() is { } problem)
        {
            error.WriteLine($"error: {problem}");
            return CommandLineApp.UsageError;
        }
        return await new DatasetCheck(request, output, error).RunAsync(ct);
    }
}

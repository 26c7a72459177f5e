using System.Globalization;
using OpenFineTune.Engine;
using OpenFineTune.Engine.Datasets;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Templates;
using OpenFineTune.Engine.Tokenization;
using OpenFineTune.Engine.Training;

namespace OpenFineTune.Server.Cli;

/// <summary>
/// The steps of <c>validate</c>, in a job's order: the schema checks of job creation (DatasetValidator), the
/// tokenizer checks of the trainer (SftDataset), the hyper-parameters the job would resolve, then a timed estimate.
/// </summary>
sealed class DatasetCheck(ValidationRequest request, TextWriter output, TextWriter error)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var training = Validate(request.TrainingFile, "training_file", DatasetValidationOptions.Training);
        var validation = request.ValidationFile is { } v ? Validate(v, "validation_file", DatasetValidationOptions.Validation) : null;
        if (!training.IsValid || validation is { IsValid: false }) return CommandLineApp.Failure;

        TrainingModel model;
        SftExampleBuilder builder;
        try
        {
            model = TrainingModel.Resolve(request.Model, request.DataDir);
            builder = model.ExampleBuilder();
        }
        catch (Exception e) when (e is ModelLoadException or TokenizerLoadException or TemplateException or IOException)
        {
            error.WriteLine($"error: --model {request.Model ?? "(built-in)"}: {e.Message}");
            return CommandLineApp.UsageError;
        }
        using (model)
        {
            output.WriteLine($"model: {model.Id} ({model.Directory})");
            var trainingReport = Tokenize(training, "training_file", builder, model);
            var validationReport = validation is null ? null : Tokenize(validation, "validation_file", builder, model);
            if (trainingReport is null || (validation is not null && validationReport is null)) return CommandLineApp.Failure;
            trainingReport.Write(output, request.Longest);
            validationReport?.Write(output, request.Longest);
            if (validationReport is not null) WriteOverlap(trainingReport, validationReport);
            var plan = AutoHyperparameters.Resolve(request.Hyperparameters, training.Conversations.Count, model.Kind);
            WritePlan(plan, trainingReport);
            if (request.EstimateSteps > 0) await EstimateAsync(model, trainingReport, plan, ct);
        }
        return CommandLineApp.Success;
    }

    /// <summary>Job creation's check; an invalid file is reported in the API's words (<c>Invalid training_file …:</c> + the lines).</summary>
    DatasetValidationResult Validate(string path, string param, DatasetValidationOptions options)
    {
        using var stream = File.OpenRead(path);
        var result = DatasetValidator.Validate(stream, options);
        if (!result.IsValid)
            output.WriteLine($"Invalid {param} {path}:\n{result.Describe()}\n(error code: {result.ErrorCode})");
        return result;
    }

    /// <summary>The trainer's tokenizer checks: special tokens typed in content fail the job as they would there.</summary>
    SplitReport? Tokenize(DatasetValidationResult result, string param, SftExampleBuilder builder, TrainingModel model)
    {
        try
        {
            return new SplitReport(param, result, SftDataset.Prepare(result.Conversations, builder, param), model.MaxTokens);
        }
        catch (TrainingDataException e)
        {
            output.WriteLine($"Invalid {e.Param} (the job would fail with {e.Code}):\n{e.Message}");
            return null;
        }
    }

    void WriteOverlap(SplitReport training, SplitReport validation)
    {
        var trainingKeys = training.Conversations.Select(SplitReport.ExampleKey).ToHashSet();
        var shared = validation.Conversations.Where(c => trainingKeys.Contains(SplitReport.ExampleKey(c))).Select(c => c.Line).ToList();
        if (shared.Count > 0)
            output.WriteLine($"  warning: {shared.Count} validation example(s) also in the training file (validation lines {string.Join(", ", shared.Take(20))})");
    }

    void WritePlan(ResolvedHyperparameters plan, SplitReport training)
    {
        var rate = plan.LearningRate.ToString("0.#####", CultureInfo.InvariantCulture);
        output.WriteLine("training plan (as a job resolves \"auto\"):");
        SplitReport.Row(output, "hyper-parameters", $"n_epochs {plan.NEpochs}, batch_size {plan.BatchSize}, learning rate {rate} (multiplier {plan.LearningRateMultiplier.ToString(CultureInfo.InvariantCulture)})");
        SplitReport.Row(output, "steps", $"{SplitReport.N(plan.TotalSteps)} ({plan.StepsPerEpoch} per epoch), {SplitReport.N(training.Tokens.Tokens * plan.NEpochs)} tokens");
        foreach (var warning in plan.Warnings) output.WriteLine($"  warning: {warning}");
    }

    async Task EstimateAsync(TrainingModel model, SplitReport training, ResolvedHyperparameters plan, CancellationToken ct)
    {
        TorchRuntime.Configure(request.Threads);
        var progress = new ConsoleProgress(error, "timing training steps");
        string result;
        try
        {
            result = (await TrainingTimeEstimate.MeasureAsync(model, training, plan, request.EstimateSteps, progress, ct)).Describe();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result = $"not measured: {e.Message}"; // the files are valid whatever went wrong while timing
        }
        finally
        {
            progress.Done(); // ends the bar's line before the result is printed
        }
        SplitReport.Row(output, "estimated time", result);
    }
}

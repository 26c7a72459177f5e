using System.Text;

namespace OpenFineTune.Server.Tests.FineTuning;

/// <summary>Every synchronous 400 of job creation names the parameter and says what was expected.</summary>
public class CreateJobErrorTests
{
    static async Task<System.Text.Json.JsonElement> CreateExpecting400(JobsKit kit, Dictionary<string, object?> changes, string? trainingFile = null)
    {
        var body = new Dictionary<string, object?> { ["model"] = "openfinetune-tiny", ["training_file"] = trainingFile ?? await kit.UploadAsync(JobsKit.SupportChats()) };
        foreach (var (k, v) in changes) body[k] = v;
        return await Envelope.AssertError(await kit.PostJobAsync(body), 400);
    }

    [Fact]
    public async Task UnknownModelIsModelNotAvailable()
    {
        await using var kit = new JobsKit();
        var error = await CreateExpecting400(kit, new() { ["model"] = "gpt-9" });
        Assert.Equal("model_not_available", error.Str("code"));
        Assert.Equal("model", error.Str("param"));
        Assert.Contains("openfinetune-tiny", error.Str("message"));
        Assert.Contains("--model-alias NAME=ID", error.Str("message"));
    }

    [Fact]
    public async Task ModelAliasResolvesToTheServedModelAndIsKeptInTheId()
    {
        await using var kit = new JobsKit(settings: new() { ["OpenFineTune:ModelAliases:0"] = "gpt-4o-mini-2024-07-18=openfinetune-tiny" });
        var job = await kit.CreateJobAsync(new() { ["model"] = "gpt-4o-mini-2024-07-18", ["hyperparameters"] = new { n_epochs = 1 } });
        var done = await kit.WaitForAsync(job.Str("id")!, "succeeded");
        Assert.Equal("gpt-4o-mini-2024-07-18", done.Str("model"));
        Assert.StartsWith("ft:gpt-4o-mini-2024-07-18:local::", done.Str("fine_tuned_model"));
    }

    [Fact]
    public async Task MissingTrainingFileNamesTheParameter()
    {
        await using var kit = new JobsKit();
        var error = await CreateExpecting400(kit, [], trainingFile: "file-nope");
        Assert.Equal("training_file", error.Str("param"));
        Assert.Contains("file-nope", error.Str("message"));
        Assert.Equal("validation_file", (await CreateExpecting400(kit, new() { ["validation_file"] = "file-nope" })).Str("param"));
    }

    [Fact]
    public async Task FileWithAnotherPurposeIsRefused()
    {
        await using var kit = new JobsKit();
        var error = await CreateExpecting400(kit, [], trainingFile: await kit.UploadAsync(JobsKit.SupportChats(), purpose: "assistants"));
        Assert.Equal("training_file", error.Str("param"));
        Assert.Contains("purpose 'assistants'", error.Str("message"));
    }

    [Fact]
    public async Task InvalidLinesAreListedByLineAndField()
    {
        await using var kit = new JobsKit();
        var lines = Encoding.UTF8.GetString(JobsKit.SupportChats()).Split('\n');
        lines[6] = lines[6].Replace("\"assistant\"", "\"bot\"");
        var file = await kit.UploadAsync(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

        var error = await CreateExpecting400(kit, [], trainingFile: file);
        Assert.Equal("training_file", error.Str("param"));
        Assert.Equal("invalid_training_file", error.Str("code"));
        Assert.Contains("line 7, messages[2].role", error.Str("message"));
        Assert.Contains("\"bot\"", error.Str("message"));
    }

    [Fact]
    public async Task FewerThanTenExamplesIsInvalidNExamples()
    {
        await using var kit = new JobsKit();
        var error = await CreateExpecting400(kit, [], trainingFile: await kit.UploadAsync(JobsKit.SupportChats(3)));
        Assert.Equal("invalid_n_examples", error.Str("code"));
        Assert.Contains("Training file has 3 example(s), but must have at least 10 examples", error.Str("message"));
        Assert.Empty(Directory.GetDirectories(Path.Combine(kit.App.DataDir, "fine_tuning"))); // no half-made job left
    }

    [Theory]
    [InlineData("has:colon")]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("x12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task BadSuffixIsRefused(string suffix)
    {
        await using var kit = new JobsKit();
        Assert.Equal("suffix", (await CreateExpecting400(kit, new() { ["suffix"] = suffix })).Str("param"));
    }

    [Theory]
    [InlineData("n_epochs", 0, "hyperparameters.n_epochs")]
    [InlineData("n_epochs", 51, "hyperparameters.n_epochs")]
    [InlineData("batch_size", "big", "hyperparameters.batch_size")]
    [InlineData("learning_rate_multiplier", -1, "hyperparameters.learning_rate_multiplier")]
    [InlineData("lora_r", 0, "hyperparameters.lora_r")]
    [InlineData("lora_dropout", 1.5, "hyperparameters.lora_dropout")]
    [InlineData("quantization", "int8", "hyperparameters.quantization")]
    [InlineData("target_modules", 5, "hyperparameters.target_modules")]
    [InlineData("warmup_steps", 10, "hyperparameters.warmup_steps")]
    public async Task BadOrUnknownHyperparametersAreRefused(string key, object value, string param)
    {
        await using var kit = new JobsKit();
        var error = await CreateExpecting400(kit, new() { ["hyperparameters"] = new Dictionary<string, object> { [key] = value } });
        Assert.Equal(param, error.Str("param"));
    }

    [Fact]
    public async Task ExtensionsInMethodAreCheckedWithTheirPath()
    {
        await using var kit = new JobsKit();
        var error = await CreateExpecting400(kit, new() { ["method"] = new { type = "supervised", supervised = new { hyperparameters = new { lora_alpha = "x" } } } });
        Assert.Equal("method.supervised.hyperparameters.lora_alpha", error.Str("param"));
    }

    [Fact]
    public async Task DisagreeingHyperparametersAreRefusedAndAgreeingOnesAccepted()
    {
        await using var kit = new JobsKit();
        var error = await CreateExpecting400(kit, new()
        {
            ["hyperparameters"] = new { n_epochs = 3 }, ["method"] = new { type = "supervised", supervised = new { hyperparameters = new { n_epochs = 4 } } },
        });
        Assert.Equal("hyperparameters.n_epochs", error.Str("param"));

        var job = await kit.CreateJobAsync(new()
        {
            ["hyperparameters"] = new { n_epochs = 2, batch_size = 5 },
            ["method"] = new { type = "supervised", supervised = new { hyperparameters = new { n_epochs = 2.0, lora_r = 8, quantization = "none" } } },
        });
        var done = await kit.WaitForAsync(job.Str("id")!, "succeeded");
        var spec = Assert.Single(kit.Tuner.Specs);
        Assert.Equal((2, 5), (spec.Hyperparameters.NEpochs, spec.Hyperparameters.BatchSize));
        Assert.Equal(8, spec.Lora.Rank);
        Assert.False(spec.Lora.QuantizeNf4);
        Assert.Equal(5, done.GetProperty("method").GetProperty("supervised").GetProperty("hyperparameters").GetProperty("batch_size").GetInt32());
    }

    [Theory]
    [InlineData("dpo", "not supported yet")]
    [InlineData("reinforcement", "not supported")]
    public async Task OtherMethodsAreRefused(string type, string message)
    {
        await using var kit = new JobsKit();
        var error = await CreateExpecting400(kit, new() { ["method"] = new { type } });
        Assert.Equal("method.type", error.Str("param"));
        Assert.Contains(message, error.Str("message"));
    }

    [Fact]
    public async Task SeedAndMetadataLimitsAreChecked()
    {
        await using var kit = new JobsKit();
        Assert.Equal("seed", (await CreateExpecting400(kit, new() { ["seed"] = 3_000_000_000L })).Str("param"));
        var tooMany = Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", i => "v");
        Assert.Equal("metadata", (await CreateExpecting400(kit, new() { ["metadata"] = tooMany })).Str("param"));
        Assert.Equal("metadata", (await CreateExpecting400(kit, new() { ["metadata"] = new { k = 1 } })).Str("param"));
    }

    [Fact]
    public async Task IntegrationsAreEchoedWithAWarning()
    {
        await using var kit = new JobsKit();
        var job = await kit.CreateJobAsync(new() { ["integrations"] = new[] { new { type = "wandb", wandb = new { project = "soporte" } } } });
        Assert.Equal("soporte", job.GetProperty("integrations")[0].GetProperty("wandb").Str("project"));
        var events = await kit.EventsOldestFirstAsync(job.Str("id")!);
        Assert.Contains(events, e => e.Str("level") == "warn" && e.Str("message")!.Contains("Integrations"));
    }
}

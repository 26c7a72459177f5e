using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Tests.Cli;

/// <summary><c>models</c> lists what serve would serve with the same options: id, kind and source, without serving.</summary>
public sealed class ModelsCommandTests : IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("oft-cli-models-").FullName;
    static string Qwen => Path.Combine(TestPaths.Fixtures, "reference-models", "tiny-qwen2-random", "hf");
    static string Stories => Path.Combine(TestPaths.Fixtures, "reference-models", "stories260k", "hf");

    [Fact]
    public void WithoutModelsItListsTheBuiltInModelInTheDataDir()
    {
        var result = CliRun.Run("models", "--data-dir", _dataDir);

        Assert.Equal(0, result.ExitCode);
        var row = Row(result.Output, "openfinetune-tiny");
        Assert.Equal(["openfinetune-tiny", "built-in", Path.Combine(_dataDir, "models", "openfinetune-tiny"), "created when first served"], row);
        Assert.False(Directory.Exists(Path.Combine(_dataDir, "models")), "listing must not create the model");
    }

    [Fact]
    public void ModelDirectoriesAliasesAndAdaptersAreListedWithTheirSources()
    {
        var result = CliRun.Run("models", "--data-dir", _dataDir, "--model", Qwen, "--model", $"stories={Stories}",
            "--model-alias", "gpt-4o-mini=stories", "--adapter", $"bot={_dataDir}@stories");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["hf", "base", Qwen], Row(result.Output, "hf"));
        Assert.Equal(["stories", "base", Stories], Row(result.Output, "stories"));
        Assert.Equal(["gpt-4o-mini", "alias", "stories", "another name for stories"], Row(result.Output, "gpt-4o-mini"));
        Assert.Equal(["bot", "adapter", _dataDir, "on stories"], Row(result.Output, "bot"));
        Assert.DoesNotContain("openfinetune-tiny", result.Output);
    }

    [Fact]
    public async Task FineTunedModelsRecordedInTheDataDirAreListed()
    {
        using (var store = new LiteDbMetadataStore(_dataDir))
            await store.FineTunedModels.AddAsync(new FineTunedModelRecord
            {
                Id = "ft:openfinetune-tiny:local::abc123", CreatedAt = 1, Owner = "local", BaseModel = "openfinetune-tiny",
                AdapterPath = "fine_tuning/ftjob-1/work/adapter", JobId = "ftjob-1",
            });

        var result = CliRun.Run("models", "--data-dir", _dataDir);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["ft:openfinetune-tiny:local::abc123", "fine-tuned", Path.Combine(_dataDir, "fine_tuning", "ftjob-1", "work", "adapter"), "on openfinetune-tiny (job ftjob-1)"],
            Row(result.Output, "ft:openfinetune-tiny:local::abc123"));
    }

    [Fact]
    public void WhatWouldStopTheServerIsReportedWithExitCode1()
    {
        var missing = Path.Combine(_dataDir, "no-such-model");

        var result = CliRun.Run("models", "--data-dir", _dataDir, "--model", missing, "--model-alias", "x=nothing");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"--model {missing}: {missing}: model directory not found", result.Error);
        Assert.Contains("--model-alias x=nothing: `nothing` is not a served model", result.Error);
    }

    [Fact]
    public void ServerOptionsBeforeTheCommandApplyToo()
    {
        // The Docker image's entry point gives --urls and --data-dir first; `docker run IMAGE models` appends the command.
        var result = CliRun.Run("--urls", "http://0.0.0.0:8000", "--data-dir", _dataDir, "models");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Path.Combine(_dataDir, "models", "openfinetune-tiny"), Row(result.Output, "openfinetune-tiny")[2]);
    }

    [Fact]
    public void ConfigurationKeysWorkAsForServe()
    {
        var result = CliRun.Run("models", $"--OpenFineTune:DataDir={_dataDir}", $"--OpenFineTune:Models:0=qwen={Qwen}");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["qwen", "base", Qwen], Row(result.Output, "qwen"));
    }

    /// <summary>The cells of the row whose id is <paramref name="id"/> (columns are separated by two or more spaces).</summary>
    static string[] Row(string output, string id) =>
        output.Split('\n').Select(line => System.Text.RegularExpressions.Regex.Split(line.TrimEnd(), " {2,}"))
            .Single(cells => cells[0] == id);

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}

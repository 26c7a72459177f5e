namespace OpenFineTune.Server.Tests.Cli;

/// <summary>--help on the root and on every command lists its options, each with a one-line description.</summary>
public class HelpTests
{
    [Fact]
    public void RootHelpListsTheCommandsAndTheServerOptions()
    {
        var result = CliRun.Run("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "serve", "validate <FILE>", "bench", "models" })
            Assert.Matches($@"(?m)^\s+{command}\s+\S", result.Output);
        foreach (var option in new[] { "--data-dir", "--api-key", "--model", "--model-alias", "--adapter", "--max-upload-bytes", "--organization", "--device", "--dtype", "--threads", "--urls" })
            Assert.Matches($@"(?m)^\s+{option} <[^>]+>\s+\S", result.Output);
    }

    [Theory]
    [InlineData("serve", "--data-dir", "--api-key", "--model", "--urls")]
    [InlineData("validate", "--validation-file", "--model", "--n-epochs", "--batch-size", "--estimate-steps")]
    [InlineData("bench", "--suite", "--model", "--dtype", "--threads", "--runs", "--llamacpp-kit", "--steps", "--output")]
    [InlineData("models", "--data-dir", "--model", "--model-alias", "--adapter")]
    public void EveryCommandHasHelpDescribingItsOptions(string command, params string[] options)
    {
        foreach (var help in new[] { "--help", "-h" })
        {
            var result = CliRun.Run(command, help);

            Assert.Equal(0, result.ExitCode);
            Assert.Matches($@"Usage:\s+\S+ {command}\b", result.Output);
            foreach (var option in options) Assert.Matches($@"(?m)^\s+{option} <[^>]+>\s+\S", result.Output);
        }
    }

    [Fact]
    public void AnUnknownCommandOptionIsAUsageError()
    {
        var result = CliRun.Run("validate", "data.jsonl", "--no-such-option");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-such-option", result.Error);
    }
}

using OpenFineTune.Server.Cli;

namespace OpenFineTune.Server.Tests.Cli;

/// <summary>The command line run in-process, as Program.cs runs it, with its output captured.</summary>
static class CliRun
{
    /// <summary>ExitCode null means the arguments would start the server.</summary>
    public sealed record Result(int? ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    public static Result Run(params string[] args) => Run(BenchSuites.Engine, args);

    public static Result Run(BenchSuites bench, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = CommandLineApp.Run(args, output, error, bench);
        return new(code, output.ToString(), error.ToString());
    }
}

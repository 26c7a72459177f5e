using System.CommandLine;
using System.CommandLine.Invocation;

namespace OpenFineTune.Server.Cli;

/// <summary>
/// The executable's commands: <c>serve</c> (the default), <c>validate</c>, <c>bench</c> and <c>models</c>. Serving is
/// composed in Program.cs; this class decides whether to serve and runs the other commands. Unknown options on the
/// root and on <c>serve</c> pass through to ASP.NET (<c>--urls</c>, <c>--environment</c>, <c>--Section:Key=value</c>).
/// </summary>
public static class CommandLineApp
{
    public const int Success = 0, Failure = 1, UsageError = 2;

    /// <summary>Runs a command other than serving and returns its exit code; null means "serve with <see cref="ServeArguments"/>".</summary>
    public static int? Run(string[] args, TextWriter? output = null, TextWriter? error = null) =>
        Run(args, output ?? Console.Out, error ?? Console.Error, BenchSuites.Engine);

    internal static int? Run(string[] args, TextWriter output, TextWriter error, BenchSuites bench)
    {
        var parsed = Parse(args, bench);
        var command = parsed.CommandResult.Command;
        if (parsed.Action is ParseErrorAction) return ReportUsageErrors(parsed.Errors.Select(e => e.Message), error);
        // The root's pass-through of unknown arguments reaches its subcommands too; only serve and models take them.
        if (command.TreatUnmatchedTokensAsErrors && parsed.UnmatchedTokens.Count > 0)
            return ReportUsageErrors(parsed.UnmatchedTokens.Select(t => $"Unrecognized command or argument '{t}'."), error);
        if ((command is RootCommand || command.Name == ServeCommand.Name) && parsed.Action == command.Action) return null;
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>The arguments the server is built with: all of them, less the <c>serve</c> command word.</summary>
    public static string[] ServeArguments(string[] args) =>
        Parse(args, BenchSuites.Engine).CommandResult.Command.Name == ServeCommand.Name
            ? WithoutCommandWord(args, ServeCommand.Name) : args;

    /// <summary>The arguments after the command word (the options of a command that reads the server's configuration).</summary>
    internal static string[] WithoutCommandWord(string[] args, string command)
    {
        var at = Array.IndexOf(args, command);
        return at < 0 ? args : [.. args[..at], .. args[(at + 1)..]];
    }

    // @file would read arguments from a file (a System.CommandLine default); the server never did that.
    static ParseResult Parse(string[] args, BenchSuites bench) =>
        Commands(args, bench).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

    static RootCommand Commands(string[] args, BenchSuites bench)
    {
        var root = new RootCommand("OpenFineTune: a fine-tuning server that speaks OpenAI's REST API. With no command it serves (see `serve --help`).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in ServeCommand.Options()) root.Add(option);
        root.SetAction(_ => Success); // never invoked: Run returns null so that Program.cs serves
        root.Add(ServeCommand.Create());
        root.Add(ValidateCommand.Create());
        root.Add(BenchCommand.Create(bench));
        root.Add(ModelsCommand.Create(args));
        return root;
    }

    static int ReportUsageErrors(IEnumerable<string> problems, TextWriter error)
    {
        foreach (var problem in problems) error.WriteLine(problem);
        error.WriteLine($"Run with --help for the commands and their options.");
        return UsageError;
    }
}

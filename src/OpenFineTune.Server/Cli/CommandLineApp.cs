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
    public static int? Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var (root, serve) = Commands(args, BenchSuites.Engine);
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        error ??= Console.Error;
        if (parsed.Action is ParseErrorAction) return ReportUsageErrors(parsed, error);
        var command = parsed.CommandResult.Command;
        if ((command == root || command == serve) && parsed.Action == command.Action) return null;
        return parsed.Invoke(new InvocationConfiguration { Output = output ?? Console.Out, Error = error });
    }

    /// <summary>The arguments the server is built with: all of them, less the <c>serve</c> command word.</summary>
    public static string[] ServeArguments(string[] args) =>
        Commands(args, BenchSuites.Engine).Root.Parse(args).CommandResult.Command.Name == ServeCommand.Name
            ? WithoutCommandWord(args, ServeCommand.Name) : args;

    /// <summary>The arguments after the command word (the options of a command that reads the server's configuration).</summary>
    internal static string[] WithoutCommandWord(string[] args, string command)
    {
        var at = Array.IndexOf(args, command);
        return at < 0 ? args : [.. args[..at], .. args[(at + 1)..]];
    }

    static (RootCommand Root, Command Serve) Commands(string[] args, BenchSuites bench)
    {
        var root = new RootCommand("OpenFineTune: a fine-tuning server that speaks OpenAI's REST API. With no command it serves (see `serve --help`).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in ServeCommand.Options()) root.Add(option);
        root.SetAction(_ => Success); // never invoked: Run returns null so that Program.cs serves
        var serve = ServeCommand.Create();
        root.Add(serve);
        root.Add(ValidateCommand.Create());
        root.Add(BenchCommand.Create(bench));
        root.Add(ModelsCommand.Create(args));
        return (root, serve);
    }

    static int ReportUsageErrors(ParseResult parsed, TextWriter error)
    {
        foreach (var problem in parsed.Errors) error.WriteLine(problem.Message);
        error.WriteLine($"Run with --help for the commands and their options.");
        return UsageError;
    }
}

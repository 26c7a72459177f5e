using System.CommandLine;

namespace OpenFineTune.Server.Cli;

/// <summary>
/// <c>serve</c>, the default command. Its options are declared here for <c>--help</c> and type checks only: the
/// arguments themselves go to the host unchanged (Hosting/CommandLineOptions maps them onto configuration), so
/// environment variables, appsettings.json and ASP.NET's own options keep working.
/// </summary>
public static class ServeCommand
{
    public const string Name = "serve";

    public static Command Create()
    {
        var serve = new Command(Name, "Serve the OpenAI-compatible API (the default when no command is given).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in Options()) serve.Add(option);
        serve.SetAction(_ => CommandLineApp.Success); // never invoked: Program.cs serves
        return serve;
    }

    /// <summary>The server's options, new instances for each command that shows them.</summary>
    public static IEnumerable<Option> Options() =>
    [
        ModelOptions.DataDir(),
        Repeatable("--api-key", "KEY", "An API key clients must send as `Authorization: Bearer KEY` (repeatable; none means auth off)"),
        ModelOptions.Models(),
        ModelOptions.Aliases(),
        ModelOptions.Adapters(),
        new Option<long>("--max-upload-bytes") { HelpName = "N", Description = "The largest file upload accepted, in bytes (default 536870912, OpenAI's 512 MB)" },
        new Option<string>("--organization") { HelpName = "SLUG", Description = "The organization in ft: model ids and owned_by (default local)" },
        ModelOptions.Device(),
        ModelOptions.Dtype(),
        ModelOptions.Threads(),
        new Option<string>("--urls") { HelpName = "URLS", Description = $"Where to listen, `;`-separated (default {Hosting.DefaultUrl.Value}); other ASP.NET options pass through too" },
    ];

    static Option<string[]> Repeatable(string name, string helpName, string description) =>
        new(name) { HelpName = helpName, Description = description, Arity = ArgumentArity.OneOrMore };
}

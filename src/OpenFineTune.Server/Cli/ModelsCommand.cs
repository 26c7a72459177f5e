using System.CommandLine;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Server.Hosting;

namespace OpenFineTune.Server.Cli;

/// <summary><c>models</c>: what <c>serve</c> with the same options would serve (id, kind, source), without starting it.</summary>
public static class ModelsCommand
{
    public const string Name = "models";

    public static Command Create(string[] args)
    {
        var models = new Command(Name, "List what `serve` with the same options would serve (id, kind, source), without starting the server.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in ServeCommand.Options()) models.Add(option);
        models.SetAction(parsed => Run(CommandLineApp.WithoutCommandWord(args, Name), parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
        return models;
    }

    static int Run(string[] serveArgs, TextWriter output, TextWriter error)
    {
        var list = ServedModelList.Of(ServeConfiguration.EngineOptions(serveArgs));
        TextTable.Write(output, ["ID", "KIND", "SOURCE", "NOTE"], list.Models.Select(m => new[] { m.Id, m.Kind, m.Source, m.Note }));
        foreach (var problem in list.Problems) error.WriteLine($"error: {problem}");
        return list.Problems.Count == 0 ? CommandLineApp.Success : CommandLineApp.Failure;
    }
}

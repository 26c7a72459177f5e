using OpenFineTune.Engine.Serving;
using OpenFineTune.Server.Hosting;

namespace OpenFineTune.Server.Cli;

/// <summary>
/// The configuration <c>serve</c> would see for the same arguments (appsettings.json, environment, command line, in
/// ASP.NET's order), for commands that need it without starting the server.
/// </summary>
static class ServeConfiguration
{
    public static IConfiguration Load(string[] serveArgs) =>
        WebApplication.CreateBuilder(CommandLineOptions.WebApplicationOptions(serveArgs)).Configuration;

    public static EngineOptions EngineOptions(string[] serveArgs) =>
        EngineRegistration.FromConfiguration(Load(serveArgs).GetSection(ServerOptions.Section));
}

using OpenFineTune.Server.Api.Chat;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Api.Completions;
using OpenFineTune.Server.Api.Files;
using OpenFineTune.Server.Api.FineTuning;
using OpenFineTune.Server.Api.Models;
using OpenFineTune.Server.Cli;
using OpenFineTune.Server.Dashboard;
using OpenFineTune.Server.Hosting;
using OpenFineTune.Server.Jobs;
using OpenFineTune.Server.Metrics;

// The commands other than serving (validate, bench, models) and --help run and exit here; `serve` is the default.
if (CommandLineApp.Run(args) is { } exitCode) return exitCode;

// Composition root: options, storage, engine, jobs, protocol; then middleware and one MapX() per OpenAI resource.
var builder = WebApplication.CreateBuilder(CommandLineOptions.WebApplicationOptions(args));
builder.UseDefaultUrlUnlessConfigured();
builder.Services.AddServerOptions();
builder.Services.AddStorage();
builder.Services.AddEngine();
builder.Services.AddServerMetrics();
builder.Services.AddJobs();
builder.Services.AddOpenAIApi();

var app = builder.Build();
app.UseRequestContext();
app.UseOpenAIErrors();
app.UseApiKeys("/v1");

app.MapHealth();
app.MapApiDocs();
app.MapMetrics();
app.MapDashboard();

var v1 = app.MapGroup("/v1");
v1.MapFiles();
v1.MapModels();
v1.MapChatCompletions();
v1.MapCompletions();
v1.MapFineTuningJobs();

app.PrintStartupBanner();
app.Run();
return CommandLineApp.Success;

public partial class Program;

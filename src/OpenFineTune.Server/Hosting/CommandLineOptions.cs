using OpenFineTune.Server.Cli;

namespace OpenFineTune.Server.Hosting;

/// <summary>
/// Turns our CLI spelling into configuration keys before the host sees the arguments. The stock command-line
/// provider keeps only the last of repeated options, so <c>--api-key a --api-key b</c> becomes the indexed keys
/// <c>OpenFineTune:ApiKeys:0=a</c>, <c>OpenFineTune:ApiKeys:1=b</c>. Other arguments (e.g. <c>--urls</c>) pass through.
/// </summary>
public static class CommandLineOptions
{
    static readonly Dictionary<string, string> Scalars = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--data-dir"] = nameof(ServerOptions.DataDir),
        ["--max-upload-bytes"] = nameof(ServerOptions.MaxUploadBytes),
        ["--organization"] = nameof(ServerOptions.Organization),
        ["--device"] = "Device",
        ["--dtype"] = "Dtype",
        ["--threads"] = "Threads",
    };

    static readonly Dictionary<string, string> Lists = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--api-key"] = nameof(ServerOptions.ApiKeys),
        ["--model"] = nameof(ServerOptions.Models),
        ["--model-alias"] = nameof(ServerOptions.ModelAliases),
        ["--adapter"] = "Adapters",
    };

    /// <summary>
    /// The builder options for the server's arguments (the <c>serve</c> command word, if given, is dropped). The
    /// content root defaults to the app's own folder so that its appsettings.json (default URL, log levels) applies
    /// whatever the working directory; <c>--data-dir</c> stays relative to the working directory.
    /// </summary>
    public static WebApplicationOptions WebApplicationOptions(string[] args)
    {
        var translated = Translate(CommandLineApp.ServeArguments(args));
        bool contentRootGiven = translated.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null;
        return new() { Args = translated, ContentRootPath = contentRootGiven ? null : AppContext.BaseDirectory };
    }

    public static string[] Translate(string[] args)
    {
        var result = new List<string>();
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < args.Length; i++)
        {
            var (name, value, consumedNext) = Split(args, i);
            if (Scalars.TryGetValue(name, out var key))
                result.Add($"--{ServerOptions.Section}:{key}={value}");
            else if (Lists.TryGetValue(name, out key))
            {
                counts[key] = counts.GetValueOrDefault(key);
                result.Add($"--{ServerOptions.Section}:{key}:{counts[key]++}={value}");
            }
            else { result.Add(args[i]); continue; }
            if (consumedNext) i++;
        }
        return [.. result];
    }

    /// <summary>Reads <c>--name value</c> or <c>--name=value</c> at position i.</summary>
    static (string Name, string Value, bool ConsumedNext) Split(string[] args, int i)
    {
        var arg = args[i];
        int eq = arg.IndexOf('=');
        if (eq > 0) return (arg[..eq], arg[(eq + 1)..], false);
        bool known = Scalars.ContainsKey(arg) || Lists.ContainsKey(arg);
        if (!known) return (arg, "", false);
        if (i + 1 >= args.Length) throw new ArgumentException($"Option {arg} needs a value.");
        return (arg, args[i + 1], true);
    }
}

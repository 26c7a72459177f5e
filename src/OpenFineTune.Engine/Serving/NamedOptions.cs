namespace OpenFineTune.Engine.Serving;

/// <summary>
/// The NAME=… serving options, read one way for the server (ModelRegistry) and for the <c>models</c> command:
/// <c>--model-alias NAME=ID</c> and <c>--adapter NAME=PATH</c> or <c>NAME=PATH@BASE_ID</c>. A malformed one is an
/// ArgumentException naming the option and the expected form.
/// </summary>
public static class NamedOptions
{
    public static (string Name, string Target) Alias(string option) => Split(option, "--model-alias", "NAME=ID");

    /// <summary>BaseId is null when not given (the first base model). An existing directory whose name holds '@' is a path.</summary>
    public static (string Name, string Path, string? BaseId) Adapter(string option)
    {
        var (name, rest) = Split(option, "--adapter", "NAME=PATH or NAME=PATH@BASE_ID");
        var at = rest.LastIndexOf('@');
        return at > 0 && !Directory.Exists(rest) ? (name, rest[..at], rest[(at + 1)..]) : (name, rest, null);
    }

    static (string Name, string Value) Split(string option, string flag, string form)
    {
        var equals = option.IndexOf('=');
        if (equals <= 0 || equals == option.Length - 1) throw new ArgumentException($"{flag} expects {form}; got \"{option}\".");
        return (option[..equals].Trim(), option[(equals + 1)..].Trim());
    }
}

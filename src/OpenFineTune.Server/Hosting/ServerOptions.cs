namespace OpenFineTune.Server.Hosting;

/// <summary>
/// Everything the operator can set, bound the ASP.NET way from appsettings (section <c>OpenFineTune</c>), environment
/// (<c>OpenFineTune__DataDir</c>, <c>OpenFineTune__ApiKeys__0</c>, …) and the command line.
/// CLI: <c>--data-dir</c>, <c>--api-key</c> (repeatable), <c>--model</c> (repeatable), <c>--model-alias NAME=ID</c>
/// (repeatable), <c>--max-upload-bytes</c>, <c>--organization</c>.
/// </summary>
public sealed class ServerOptions
{
    public const string Section = "OpenFineTune";

    /// <summary>All state lives here: the metadata database, uploaded bytes, adapters, checkpoints.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>When at least one is set, every /v1 route needs <c>Authorization: Bearer KEY</c>.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Model directories the engine serves; empty means the built-in model.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary><c>NAME=ID</c> pairs; stored for the engine, which resolves them.</summary>
    public List<string> ModelAliases { get; set; } = [];

    /// <summary>OpenAI's per-file limit (512 MB).</summary>
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>The org slug in fine-tuned model ids (<c>ft:base:ORG::id</c>) and in <c>owned_by</c>.</summary>
    public string Organization { get; set; } = "local";

    public string DataDirFullPath => Path.GetFullPath(DataDir);

    public IReadOnlyList<string> EffectiveApiKeys => ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
}

namespace OpenFineTune.Server.Api.Files;

/// <summary>OpenAI's file purposes. Clients upload the first set; the server itself makes the output ones.</summary>
public static class FilePurposes
{
    public const string FineTune = "fine-tune";
    public const string FineTuneResults = "fine-tune-results";

    public static readonly IReadOnlyList<string> Uploadable = ["assistants", "batch", FineTune, "vision", "user_data", "evals"];

    public static readonly IReadOnlyList<string> All = [.. Uploadable, "assistants_output", "batch_output", FineTuneResults];

    /// <summary>OpenAI refuses to hand these back ("Not allowed to download files of purpose: …").</summary>
    public static readonly IReadOnlySet<string> NotDownloadable = new HashSet<string> { "assistants", "user_data" };
}

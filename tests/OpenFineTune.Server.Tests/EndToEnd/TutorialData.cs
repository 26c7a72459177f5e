namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>The tutorial's Spanish customer-support dataset (24 chats), shared with the npm and Python tutorial scripts.</summary>
static class TutorialData
{
    /// <summary>One place to change if the dataset moves (e.g. to clients/data).</summary>
    public static string SupportJsonl { get; } = Path.Combine(TestPaths.RepoRoot, "tests", "e2e", "data", "soporte.jsonl");
}

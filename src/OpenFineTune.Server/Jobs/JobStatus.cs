namespace OpenFineTune.Server.Jobs;

/// <summary>
/// The job statuses (OpenAI's, plus its observed <c>pausing</c>/<c>paused</c>) and which calls each allows
/// (docs/openai-api-notes.md §3.4): validating_files → queued → running → succeeded | failed | cancelled.
/// </summary>
public static class JobStatus
{
    public const string ValidatingFiles = "validating_files", Queued = "queued", Running = "running",
        Pausing = "pausing", Paused = "paused", Succeeded = "succeeded", Failed = "failed", Cancelled = "cancelled";

    public static bool IsTerminal(string status) => status is Succeeded or Failed or Cancelled;

    public static bool CanCancel(string status) => !IsTerminal(status);

    /// <summary>Queued jobs pause at once; running ones go through pausing until the trainer has checkpointed.</summary>
    public static bool CanPause(string status) => status is Running or Queued;

    public static bool CanResume(string status) => status is Paused;

    /// <summary>A job in one of these has (or had, before a crash) a trainer working on it.</summary>
    public static bool IsActive(string status) => status is Running or Pausing;
}

namespace OpenFineTune.Server.Jobs;

/// <summary>Settings of the job worker, section <c>OpenFineTune:Jobs</c> (e.g. <c>OpenFineTune__Jobs__MaxConcurrentJobs=2</c>).</summary>
public sealed class JobsOptions
{
    public const string Section = "OpenFineTune:Jobs";

    /// <summary>Jobs trained at the same time; one by default, since a trainer uses every core it is given.</summary>
    public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>Checkpoints kept per job, newest first (OpenAI keeps the last 3 epochs); older ones are withdrawn.</summary>
    public int KeepCheckpoints { get; set; } = 3;
}

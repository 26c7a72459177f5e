using Microsoft.Extensions.Options;
using OpenFineTune.Server.Hosting;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// Where a job keeps its files under the data dir: <c>fine_tuning/{job}/training.jsonl</c> (a snapshot taken at
/// creation, so deleting the uploaded file does not break the job), <c>validation.jsonl</c>, and <c>work/</c>
/// (the trainer's checkpoints and final adapter).
/// </summary>
public sealed class JobPaths(IOptions<ServerOptions> options)
{
    public string DataDir => options.Value.DataDirFullPath;

    public string JobDirectory(string jobId) => Path.Combine(DataDir, "fine_tuning", jobId);

    public string TrainingSnapshot(string jobId) => Path.Combine(JobDirectory(jobId), "training.jsonl");

    public string ValidationSnapshot(string jobId) => Path.Combine(JobDirectory(jobId), "validation.jsonl");

    public string WorkDirectory(string jobId) => Path.Combine(JobDirectory(jobId), "work");

    /// <summary>Stored paths are relative to the data dir, so the data dir can move.</summary>
    public string Relative(string path) => Path.GetRelativePath(DataDir, Path.GetFullPath(path));

    public string Absolute(string relative) => Path.GetFullPath(Path.Combine(DataDir, relative));
}

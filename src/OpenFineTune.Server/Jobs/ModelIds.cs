using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// Fine-tuned model ids as OpenAI forms them (notes §3.7): <c>ft:{base}:{org}:{suffix}:{8 base62}</c>, and
/// <c>…:{other 8}:ckpt-step-{N}</c> for checkpoints. A job continuing an ft: model starts again from that model's base.
/// </summary>
public static class ModelIds
{
    public static string Final(FineTuningJobRecord job, string org) => $"{Prefix(job, org)}:{Random8()}";

    public static string Checkpoint(FineTuningJobRecord job, string org, int step) => $"{Prefix(job, org)}:{Random8()}:ckpt-step-{step}";

    /// <summary>The base segment of an ft: id (<c>ft:BASE:org:suffix:id</c>), or the id itself when it is not one.</summary>
    public static string BaseOf(string model) => model.StartsWith("ft:", StringComparison.Ordinal) ? model.Split(':')[1] : model;

    static string Prefix(FineTuningJobRecord job, string org) => $"ft:{BaseOf(job.Model)}:{org}:{job.Suffix}";

    static string Random8() => Ids.New("", 8);
}

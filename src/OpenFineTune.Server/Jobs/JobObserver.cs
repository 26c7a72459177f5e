using System.Diagnostics;
using System.Globalization;
using OpenFineTune.Engine.Training;
using OpenFineTune.Server.Metrics;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// Records what the trainer reports: messages and metrics as events (OpenAI's strings), checkpoints as servable
/// ft:…:ckpt-step-N models (only the newest N kept, <see cref="CheckpointRetention"/>), and <c>estimated_finish</c> from the pace of this run. Runs on the training thread;
/// the store's writes complete synchronously, so waiting on them here is short.
/// </summary>
public sealed class JobObserver(FineTuningJobRecord job, JobStore jobs, ModelPublisher models, JobPaths paths, CheckpointRetention retention)
    : IFineTuneObserver
{
    static readonly TimeSpan EstimateInterval = TimeSpan.FromSeconds(2);
    readonly Stopwatch _pace = Stopwatch.StartNew();
    TimeSpan? _lastEstimate;
    int? _firstStep;

    public void OnMessage(string level, string message) => Wait(jobs.AddEventAsync(job.Id, level, message));

    public void OnStep(TrainingStepMetrics m)
    {
        var data = new Dictionary<string, object>
        {
            ["step"] = m.Step, ["train_loss"] = m.TrainLoss, ["train_mean_token_accuracy"] = m.TrainMeanTokenAccuracy,
        };
        if (m.ValidLoss is { } vl) data["valid_loss"] = vl;
        if (m.ValidMeanTokenAccuracy is { } va) data["valid_mean_token_accuracy"] = va;
        data["total_steps"] = m.TotalSteps;
        Wait(jobs.AddEventAsync(job.Id, "info", StepMessage(m), data, "metrics"));
        UpdateEstimate(m);
        TrainingThroughput.Record(job.Id, m);
    }

    public void OnCheckpoint(TrainingCheckpoint checkpoint)
    {
        var modelId = ModelIds.Checkpoint(job, models.Organization, checkpoint.Step);
        try { Wait(models.PublishAsync(modelId, job, checkpoint.Directory)); }
        catch (Exception e) when (e is not OperationCanceledException) // a checkpoint that cannot be served must not stop training
        {
            Wait(jobs.AddEventAsync(job.Id, "warn", $"Checkpoint at step {checkpoint.Step} could not be served: {e.Message}"));
        }
        var m = checkpoint.Metrics;
        Wait(jobs.Records.Checkpoints.AddAsync(new CheckpointRecord
        {
            Id = Ids.New("ftckpt_"), CreatedAt = jobs.Now, JobId = job.Id, StepNumber = checkpoint.Step, ModelId = modelId,
            Directory = paths.Relative(checkpoint.Directory), TrainLoss = m.TrainLoss, TrainMeanTokenAccuracy = m.TrainMeanTokenAccuracy,
            ValidLoss = m.ValidLoss, ValidMeanTokenAccuracy = m.ValidMeanTokenAccuracy,
        }));
        Wait(jobs.AddEventAsync(job.Id, "info", $"Checkpoint created at step {checkpoint.Step}"));
        Trim();
    }

    void Trim()
    {
        try { Wait(retention.TrimAsync(job.Id)); }
        catch (Exception e) when (e is not OperationCanceledException) // keeping an old checkpoint too many must not stop training
        {
            Wait(jobs.AddEventAsync(job.Id, "warn", $"Older checkpoints could not be removed: {e.Message}"));
        }
    }

    static string StepMessage(TrainingStepMetrics m)
    {
        var text = $"Step {m.Step}/{m.TotalSteps}: training loss={F(m.TrainLoss)}";
        return m.ValidLoss is { } v ? $"{text}, validation loss={F(v)}" : text;
    }

    static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>now + (time per step so far in this run) × steps left; written at most every 2 s.</summary>
    void UpdateEstimate(TrainingStepMetrics m)
    {
        _firstStep ??= m.Step - 1;
        var elapsed = _pace.Elapsed;
        if (_lastEstimate is { } last && elapsed - last < EstimateInterval || m.Step <= _firstStep) return;
        _lastEstimate = elapsed;
        var perStep = elapsed.TotalSeconds / (m.Step - _firstStep.Value);
        var finish = jobs.Now + (long)Math.Ceiling(perStep * (m.TotalSteps - m.Step));
        Wait(jobs.UpdateAsync(job.Id, j => j.Status == JobStatus.Running ? j with { EstimatedFinish = finish } : null));
    }

    static void Wait(Task task) => task.GetAwaiter().GetResult();
}

namespace OpenFineTune.Server.Storage;

/// <summary>
/// All metadata the server keeps, one <see cref="IRecordSet{T}"/> per resource. A new resource (jobs, events,
/// checkpoints) adds one property here and one line in each implementation; endpoints only see the record sets.
/// </summary>
public interface IMetadataStore
{
    IRecordSet<FileRecord> Files { get; }

    IRecordSet<FineTunedModelRecord> FineTunedModels { get; }

    IRecordSet<FineTuningJobRecord> Jobs { get; }

    IRecordSet<JobEventRecord> JobEvents { get; }

    IRecordSet<CheckpointRecord> Checkpoints { get; }
}

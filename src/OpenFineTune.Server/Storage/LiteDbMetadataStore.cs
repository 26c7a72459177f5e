using LiteDB;

namespace OpenFineTune.Server.Storage;

/// <summary>The embedded default: one LiteDB file (<c>metadata.db</c>) in the data dir, one collection per record kind.</summary>
public sealed class LiteDbMetadataStore : IMetadataStore, IDisposable
{
    public const string FileName = "metadata.db";

    readonly LiteDatabase _db;

    public LiteDbMetadataStore(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        _db = new LiteDatabase(new ConnectionString
        {
            Filename = Path.Combine(dataDir, FileName),
            Connection = ConnectionType.Direct,
        }, new BsonMapper());
        Files = new LiteDbRecordSet<FileRecord>(_db, "files");
        FineTunedModels = new LiteDbRecordSet<FineTunedModelRecord>(_db, "fine_tuned_models");
        Jobs = new LiteDbRecordSet<FineTuningJobRecord>(_db, "fine_tuning_jobs");
        JobEvents = new LiteDbRecordSet<JobEventRecord>(_db, "fine_tuning_events");
        Checkpoints = new LiteDbRecordSet<CheckpointRecord>(_db, "fine_tuning_checkpoints");
    }

    public IRecordSet<FileRecord> Files { get; }

    public IRecordSet<FineTunedModelRecord> FineTunedModels { get; }

    public IRecordSet<FineTuningJobRecord> Jobs { get; }

    public IRecordSet<JobEventRecord> JobEvents { get; }

    public IRecordSet<CheckpointRecord> Checkpoints { get; }

    public void Dispose() => _db.Dispose();
}

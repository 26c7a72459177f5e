namespace OpenFineTune.Server.Storage;

/// <summary>
/// A model a fine-tuning job produced (<c>ft:BASE:ORG::SUFFIX</c>) or one of its checkpoints: a LoRA adapter on
/// top of a base model. Jobs create these when they succeed; deleting one removes it from /v1/models.
/// </summary>
public sealed record FineTunedModelRecord : IStoredRecord
{
    public required string Id { get; init; }

    public required long CreatedAt { get; init; }

    /// <summary>The <c>owned_by</c> of the model object (the organization slug).</summary>
    public required string Owner { get; init; }

    public required string BaseModel { get; init; }

    /// <summary>Where the adapter lives, relative to the data dir.</summary>
    public required string AdapterPath { get; init; }

    public required string JobId { get; init; }

    string? IStoredRecord.ListKey => JobId;
}

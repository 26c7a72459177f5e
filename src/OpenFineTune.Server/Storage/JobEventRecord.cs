namespace OpenFineTune.Server.Storage;

/// <summary>One line of a job's event log (<c>ftevent-…</c>); <see cref="DataJson"/> is the event's <c>data</c> object as JSON.</summary>
public sealed record JobEventRecord : IStoredRecord
{
    public required string Id { get; init; }
    public required long CreatedAt { get; init; }
    public required string JobId { get; init; }
    /// <summary><c>info</c>, <c>warn</c> or <c>error</c>.</summary>
    public required string Level { get; init; }
    public required string Message { get; init; }
    /// <summary><c>message</c> or <c>metrics</c>.</summary>
    public required string Type { get; init; }
    public string? DataJson { get; init; }

    string? IStoredRecord.ListKey => JobId;
}

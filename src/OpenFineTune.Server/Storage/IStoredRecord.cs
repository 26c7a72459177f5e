namespace OpenFineTune.Server.Storage;

/// <summary>What every stored record has: an opaque id and a creation time in Unix seconds.</summary>
public interface IStoredRecord
{
    string Id { get; }

    long CreatedAt { get; }

    /// <summary>The one value a list can be filtered on (files: purpose; events and checkpoints: job id).</summary>
    string? ListKey { get; }
}

/// <summary>One page of a list: <paramref name="After"/> is an id of the previous page (cursor pagination as OpenAI does it).</summary>
public sealed record PageQuery(int Limit, string? After = null, bool NewestFirst = true, string? ListKey = null);

public sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore);

/// <summary>The cursor in a page query names a record that does not exist (any more).</summary>
public sealed class UnknownCursorException(string after) : Exception($"No object with id {after} to page after.")
{
    public string After { get; } = after;
}

namespace OpenFineTune.Server.Api.Common;

/// <summary>A cursor-paged list (files; later jobs, events, checkpoints). <c>has_more</c> is always sent: without
/// it Python pages forever. The SDKs page with <c>after</c> = the last item's id.</summary>
public sealed record CursorPage<T>
{
    public string Object => "list";

    public required IReadOnlyList<T> Data { get; init; }

    public required bool HasMore { get; init; }

    public string? FirstId { get; init; }

    public string? LastId { get; init; }
}

/// <summary>A plain list with no pagination (<c>/v1/models</c>).</summary>
public sealed record ListOf<T>(IReadOnlyList<T> Data)
{
    public string Object => "list";
}

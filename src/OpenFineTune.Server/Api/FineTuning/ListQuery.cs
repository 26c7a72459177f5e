using System.Globalization;
using OpenFineTune.Server.Api.Common;

namespace OpenFineTune.Server.Api.FineTuning;

/// <summary>
/// <c>after</c>, <c>limit</c> and, for jobs, <c>metadata[k]=v</c> read from the query by hand: minimal APIs do not
/// bind bracketed keys (Python sends <c>metadata[k]</c>, Node <c>metadata%5Bk%5D</c>; ASP.NET decodes both).
/// <c>metadata=null</c> asks for jobs without metadata.
/// </summary>
public sealed record ListQuery(string? After, int Limit, IReadOnlyDictionary<string, string>? Metadata, bool WithoutMetadata)
{
    public const int MaxLimit = 100;

    public static ListQuery From(IQueryCollection query, int defaultLimit)
    {
        var after = query["after"].ToString();
        var limitText = query["limit"].ToString();
        var limit = defaultLimit;
        if (limitText.Length > 0 && !(int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit))
            throw new InvalidRequestException($"Invalid 'limit': expected an integer from 1 to {MaxLimit}, got '{limitText}'.", "limit");
        var metadata = query.Where(q => q.Key.StartsWith("metadata[", StringComparison.Ordinal) && q.Key.EndsWith(']'))
            .ToDictionary(q => q.Key["metadata[".Length..^1], q => q.Value.ToString());
        return new(after.Length == 0 ? null : after, limit, metadata.Count == 0 ? null : metadata, query["metadata"].ToString() == "null");
    }

    public bool Matches(IReadOnlyDictionary<string, string>? metadata) =>
        WithoutMetadata ? metadata is null or { Count: 0 }
        : Metadata is null || Metadata.All(p => metadata is not null && metadata.TryGetValue(p.Key, out var v) && v == p.Value);
}

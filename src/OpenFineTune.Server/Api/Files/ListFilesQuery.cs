using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.Files;

/// <summary><c>GET /v1/files</c> query, taken as text so that a bad value gets a message naming the field.</summary>
public sealed record ListFilesQuery(
    [FromQuery(Name = "purpose")] string? Purpose,
    [FromQuery(Name = "limit")] string? Limit,
    [FromQuery(Name = "after")] string? After,
    [FromQuery(Name = "order")] string? Order)
{
    public const int MaxLimit = 10_000;

    public PageQuery ToPageQuery() => new(
        Limit: Limit is null ? MaxLimit : int.Parse(Limit),
        After: string.IsNullOrEmpty(After) ? null : After,
        NewestFirst: Order is null or "desc",
        ListKey: string.IsNullOrEmpty(Purpose) ? null : Purpose);
}

public sealed class ListFilesQueryValidator : AbstractValidator<ListFilesQuery>
{
    public ListFilesQueryValidator()
    {
        RuleFor(q => q.Limit).Must(l => int.TryParse(l, out var n) && n is >= 1 and <= ListFilesQuery.MaxLimit)
            .When(q => q.Limit is not null)
            .WithMessage(q => $"Invalid 'limit': expected an integer from 1 to {ListFilesQuery.MaxLimit}, got '{q.Limit}'.");
        RuleFor(q => q.Order).Must(o => o is "asc" or "desc")
            .When(q => q.Order is not null)
            .WithMessage(q => $"Invalid 'order': expected 'asc' or 'desc', got '{q.Order}'.");
        RuleFor(q => q.Purpose).Must(p => FilePurposes.All.Contains(p))
            .When(q => !string.IsNullOrEmpty(q.Purpose))
            .WithMessage(q => $"Invalid 'purpose': expected one of {string.Join(", ", FilePurposes.All)}, got '{q.Purpose}'.");
    }
}

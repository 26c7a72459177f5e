using FluentValidation;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.Files;

/// <summary>
/// What a <c>POST /v1/files</c> multipart body carried. The file part is already on disk in a staged blob;
/// disposing the form throws it away unless it was committed.
/// </summary>
public sealed class UploadForm : IAsyncDisposable
{
    public string? Purpose { get; set; }

    public string? Filename { get; set; }

    public IPendingBlob? File { get; set; }

    public long Bytes { get; set; }

    public ValueTask DisposeAsync() => File?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>Only documents the multipart shape for OpenAPI; the handler streams the body itself.</summary>
public sealed record CreateFileRequest(IFormFile File, string Purpose);

public sealed class UploadFormValidator : AbstractValidator<UploadForm>
{
    public UploadFormValidator()
    {
        RuleFor(f => f.File).NotNull()
            .WithMessage("Missing required parameter: 'file'. Send the bytes as a multipart part named 'file'.");
        RuleFor(f => f.Purpose).NotEmpty()
            .WithMessage("Missing required parameter: 'purpose'.");
        RuleFor(f => f.Purpose).Must(p => FilePurposes.Uploadable.Contains(p))
            .When(f => !string.IsNullOrEmpty(f.Purpose))
            .WithMessage(f => $"'{f.Purpose}' is not a valid purpose. Expected one of: {string.Join(", ", FilePurposes.Uploadable)}.");
    }
}

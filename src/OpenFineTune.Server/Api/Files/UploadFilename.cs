using Microsoft.Net.Http.Headers;

namespace OpenFineTune.Server.Api.Files;

/// <summary>The client's filename, reduced to a harmless basename. It is metadata only: bytes are stored under the id.</summary>
public static class UploadFilename
{
    /// <summary>What Node's SDK calls a Blob that has no name.</summary>
    public const string Unknown = "unknown_file";

    public static string From(ContentDispositionHeaderValue disposition)
    {
        var raw = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
        return Basename(raw);
    }

    public static string Basename(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Unknown;
        var name = raw.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return name is "" or "." or ".." ? Unknown : name;
    }
}

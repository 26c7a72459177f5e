namespace OpenFineTune.Server.Api.Common;

/// <summary>
/// Facts the handlers throw; <see cref="ErrorMapping"/> turns each into a status and an envelope.
/// Messages are written for the user: the rule, and the value that broke it.
/// </summary>
public class InvalidRequestException(string message, string? param = null, string? code = null) : Exception(message)
{
    public string? Param { get; } = param;

    public string? Code { get; } = code;
}

/// <summary>An id that names nothing: "No such File object: file-…" as OpenAI says it.</summary>
public sealed class ObjectNotFoundException(string objectName, string id, string? param = null)
    : Exception($"No such {objectName} object: {id}")
{
    public string? Param { get; } = param;
}

public sealed class ModelNotFoundException(string model)
    : Exception($"The model `{model}` does not exist or you do not have access to it.");

public sealed class PermissionDeniedException(string message) : Exception(message);

public sealed class PayloadTooLargeException(long limitBytes)
    : Exception($"The file is larger than this server's upload limit of {limitBytes} bytes ({limitBytes / (1024.0 * 1024):0.#} MB).")
{
    public long LimitBytes { get; } = limitBytes;
}

public sealed class UnsupportedMediaTypeException(string message) : Exception(message);

using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenFineTune.Engine.Models;

/// <summary>Reads and writes the small JSON files of a HF model directory with errors that name the file.</summary>
static class HfJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        // HF writes 1e-05 and NaN-free floats; keep non-ASCII (e.g. chat templates) readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static T Read<T>(string path)
    {
        if (!System.IO.File.Exists(path)) throw new ModelLoadException(path, "file not found");
        try
        {
            using var stream = System.IO.File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, Options)
                ?? throw new ModelLoadException(path, "the file holds JSON null, expected an object");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            throw new ModelLoadException(path, $"not valid JSON{where}: {e.Message}", e);
        }
    }

    public static void Write<T>(string path, T value)
    {
        var json = JsonSerializer.Serialize(value, Options);
        System.IO.File.WriteAllText(path, json.Replace("\r\n", "\n") + "\n");
    }
}

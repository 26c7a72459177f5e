using System.Text;

namespace OpenFineTune.Engine.Datasets;

/// <summary>
/// Splits a JSONL stream into lines at the byte level and decodes each one strictly, so a bad UTF-8 byte is
/// reported on its own line (a StreamReader decodes ahead in blocks and would blame an earlier line).
/// Handles a UTF-8 BOM, CRLF endings and blank lines (skipped but counted, as editors number them).
/// </summary>
internal static class JsonlLines
{
    static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Each non-blank line; Text is null for a line that is not UTF-8 (reported as a problem).</summary>
    public static IEnumerable<(int Line, string? Text)> Read(Stream stream, ProblemList problems)
    {
        int number = 0;
        foreach (var bytes in SplitLines(stream))
        {
            number++;
            var span = number == 1 ? WithoutBom(bytes) : bytes;
            if (number == 1 && IsUtf16(span))
            {
                problems.Add(new(1, "the file is UTF-16; fine-tuning files must be UTF-8", null, "invalid_utf8"));
                yield break;
            }
            var text = Decode(span, number, problems);
            if (text is null || !string.IsNullOrWhiteSpace(text)) yield return (number, text);
        }
    }

    static string? Decode(ReadOnlyMemory<byte> bytes, int line, ProblemList problems)
    {
        try { return Strict.GetString(bytes.Span); }
        catch (DecoderFallbackException e)
        {
            var bad = e.BytesUnknown is { Length: > 0 } b ? $"byte 0x{b[0]:X2}" : "a byte";
            var where = e.Index >= 0 ? $" at byte {e.Index + 1} of the line" : "";
            problems.Add(new(line, $"not valid UTF-8 ({bad}{where}); save the file as UTF-8", null, "invalid_utf8"));
            return null;
        }
    }

    static ReadOnlyMemory<byte> WithoutBom(byte[] line) =>
        line.Length >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF ? line.AsMemory(3) : line;

    static bool IsUtf16(ReadOnlyMemory<byte> line) =>
        line.Length >= 2 && ((line.Span[0] == 0xFF && line.Span[1] == 0xFE) || (line.Span[0] == 0xFE && line.Span[1] == 0xFF));

    /// <summary>Yields each line's bytes without its '\n' or "\r\n".</summary>
    static IEnumerable<byte[]> SplitLines(Stream stream)
    {
        var buffer = new byte[64 * 1024];
        var pending = new MemoryStream();
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            int start = 0, newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', start, read - start)) >= 0)
            {
                pending.Write(buffer, start, newline - start);
                yield return Take(pending);
                start = newline + 1;
            }
            pending.Write(buffer, start, read - start);
        }
        if (pending.Length > 0) yield return Take(pending);
    }

    static byte[] Take(MemoryStream pending)
    {
        var line = pending.ToArray();
        pending.SetLength(0);
        return line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
    }
}

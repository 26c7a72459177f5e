using System.Security.Cryptography;

namespace OpenFineTune.Engine.Serving;

/// <summary>
/// OpenAI's <c>system_fingerprint</c> for a served model: "fp_" + the start of a SHA-256 over its config, tokenizer
/// and weight files. Weight files up to 64 MB are hashed whole; larger ones by length and 1 MB samples at the start,
/// middle and end, so start-up does not read gigabytes (the samples include the safetensors header, which names every
/// tensor, its dtype and offsets).
/// </summary>
public static class ModelFingerprint
{
    const long WholeFileLimit = 64L << 20;
    const int SampleBytes = 1 << 20;

    static readonly string[] Patterns = ["*.json", "*.jinja", "*.model", "*.txt", "*.safetensors"];

    /// <summary>The fingerprint of the files directly in <paramref name="directories"/> (a base, or a base plus an adapter).</summary>
    public static string Of(params string[] directories)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var directory in directories)
            foreach (var file in Patterns.SelectMany(p => Directory.EnumerateFiles(directory, p)).Order(StringComparer.Ordinal))
                AddFile(sha, file);
        return "fp_" + Convert.ToHexStringLower(sha.GetHashAndReset())[..10];
    }

    static void AddFile(IncrementalHash sha, string file)
    {
        using var stream = File.OpenRead(file);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file) + ":" + stream.Length + "\n"));
        if (stream.Length <= WholeFileLimit)
        {
            var all = new byte[stream.Length];
            stream.ReadExactly(all);
            sha.AppendData(all);
            return;
        }
        var buffer = new byte[SampleBytes];
        foreach (var offset in new[] { 0, stream.Length / 2, stream.Length - SampleBytes })
        {
            stream.Position = offset;
            stream.ReadExactly(buffer);
            sha.AppendData(buffer);
        }
    }
}

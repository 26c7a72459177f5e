using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>
/// What clients sent and what the server acknowledged, by SHA-256 of the content (equal hashes stand for equal bytes).
/// A file may be listed after a crash without having been acknowledged (committed, then killed before the answer
/// left), but only with the full bytes of something a client sent.
/// </summary>
sealed class UploadLedger
{
    readonly ConcurrentDictionary<string, long> _sentSizes = new();
    readonly ConcurrentDictionary<string, string> _acknowledged = new();

    public int AcknowledgedCount => _acknowledged.Count;

    public IReadOnlyDictionary<string, string> Acknowledged => _acknowledged;

    /// <summary>Records content before it goes on the wire; returns its hash.</summary>
    public string Sending(byte[] content)
    {
        var hash = Hash(content);
        _sentSizes[hash] = content.Length;
        return hash;
    }

    public void Acknowledge(string id, string hash) => _acknowledged[id] = hash;

    public bool WasSentInFull(string hash, long bytes) => _sentSizes.TryGetValue(hash, out var size) && size == bytes;

    public static string Hash(byte[] content) => Convert.ToHexString(SHA256.HashData(content));
}

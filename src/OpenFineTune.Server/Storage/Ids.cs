using System.Security.Cryptography;

namespace OpenFineTune.Server.Storage;

/// <summary>OpenAI-style ids: a prefix plus 24 random base62 characters (<c>file-…</c>, later <c>ftjob-…</c>).</summary>
public static class Ids
{
    const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix) => prefix + RandomNumberGenerator.GetString(Base62, 24);
}

using System.Security.Cryptography;

namespace OpenFineTune.Server.Storage;

/// <summary>OpenAI-style ids: a prefix plus random base62 characters (24 for <c>file-…</c> and <c>ftjob-…</c>, 8 in ft: model ids).</summary>
public static class Ids
{
    const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix, int length = 24) => prefix + RandomNumberGenerator.GetString(Base62, length);
}

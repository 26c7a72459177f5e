namespace OpenFineTune.Tests;

/// <summary>Shared by both test projects (linked into each). The score the issue grades answers with.</summary>
static class TextSimilarity
{
    /// <summary>1 − Levenshtein(a, b) / max(|a|, |b|), in characters (UTF-16 code units).</summary>
    public static double Normalised(string a, string b)
    {
        if (a.Length == 0 && b.Length == 0) return 1;
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return 1 - (double)previous[b.Length] / Math.Max(a.Length, b.Length);
    }
}

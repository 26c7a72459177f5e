namespace OpenFineTune.Engine.Models.Hub;

/// <summary>A hub model reference: <c>org/name</c> or <c>org/name@revision</c> (a branch, tag or commit sha).</summary>
public sealed record HubRepoRef(string RepoId, string Revision = HubRepoRef.DefaultRevision)
{
    public const string DefaultRevision = "main";

    /// <summary>The cache folder name huggingface_hub uses: <c>models--org--name</c>.</summary>
    public string CacheFolderName => "models--" + RepoId.Replace("/", "--");

    /// <summary>True when the revision is a full commit sha (40 hex digits), which needs no <c>refs/</c> entry.</summary>
    public bool RevisionIsCommit => Revision.Length == 40 && Revision.All(char.IsAsciiHexDigitLower);

    public override string ToString() => Revision == DefaultRevision ? RepoId : $"{RepoId}@{Revision}";

    public static HubRepoRef Parse(string value)
    {
        var at = value.IndexOf('@');
        return at < 0 ? new HubRepoRef(value) : new HubRepoRef(value[..at], value[(at + 1)..]);
    }

    /// <summary>True for <c>org/name</c> or <c>org/name@revision</c> (a hub id) rather than a filesystem path.</summary>
    public static bool Looks(string value)
    {
        var repo = value.Split('@')[0];
        return repo.Count(c => c == '/') == 1 && !repo.StartsWith('.') && !repo.StartsWith('/') && !repo.EndsWith('/')
            && !Directory.Exists(value);
    }
}

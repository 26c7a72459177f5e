namespace OpenFineTune.Engine.Models.Hub;

/// <summary>
/// Where <c>org/name</c> models come from, read from the same environment variables as huggingface_hub:
/// <c>HF_ENDPOINT</c> (default https://huggingface.co), <c>HF_TOKEN</c> (sent as a Bearer token),
/// <c>HF_HUB_OFFLINE=1</c> (never touch the network) and the cache directory (see <see cref="HfHubCache.Directory"/>).
/// </summary>
public sealed record HubSettings(string CacheDirectory, string Endpoint = HubSettings.DefaultEndpoint, string? Token = null, bool Offline = false)
{
    public const string DefaultEndpoint = "https://huggingface.co";

    public static HubSettings FromEnvironment(Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        return new HubSettings(
            HfHubCache.Directory(env),
            NonEmpty(env("HF_ENDPOINT"))?.TrimEnd('/') ?? DefaultEndpoint,
            NonEmpty(env("HF_TOKEN")) ?? NonEmpty(env("HUGGING_FACE_HUB_TOKEN")),
            IsTrue(env("HF_HUB_OFFLINE")) || IsTrue(env("TRANSFORMERS_OFFLINE")));
    }

    // huggingface_hub's ENV_VARS_TRUE_VALUES.
    static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

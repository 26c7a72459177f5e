namespace OpenFineTune.Engine.Serving;

/// <summary>
/// What the operator chose for the engine, in plain values (the server maps its options onto this once).
/// <list type="bullet">
/// <item><c>Models</c>: <c>PATH</c>, <c>ID=PATH</c> or <c>org/name[@revision]</c> (from the Hugging Face cache, downloaded when missing); empty serves the built-in model.</item>
/// <item><c>ModelAliases</c>: <c>NAME=ID</c>, another name for a served model.</item>
/// <item><c>Adapters</c>: <c>NAME=PATH</c> or <c>NAME=PATH@BASE_ID</c>, PEFT adapters trained elsewhere; the base defaults to the first model.</item>
/// </list>
/// </summary>
public sealed record EngineOptions
{
    public IReadOnlyList<string> Models { get; init; } = [];
    public IReadOnlyList<string> ModelAliases { get; init; } = [];
    public IReadOnlyList<string> Adapters { get; init; } = [];

    /// <summary>Where the built-in model is created (<c>models/openfinetune-tiny</c>).</summary>
    public string DataDir { get; init; } = "./data";

    /// <summary>"cpu" or "cuda".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>"auto" (as saved), "float32", "bfloat16" or "float16".</summary>
    public string Dtype { get; init; } = "auto";

    /// <summary>libtorch intra-op threads; 0 leaves libtorch's default.</summary>
    public int Threads { get; init; }

    /// <summary>Adapters kept loaded at once; the least recently used beyond this are unloaded (reloaded on demand).</summary>
    public int MaxLoadedAdapters { get; init; } = 8;

    /// <summary>Bytes of adapter weights kept loaded at once (same LRU rule).</summary>
    public long MaxLoadedAdapterBytes { get; init; } = 2L << 30;

    /// <summary>
    /// Where <c>org/name</c> models are cached and downloaded from; null reads huggingface_hub's environment variables
    /// (HF_HUB_CACHE / HF_HOME, HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE) when a model is resolved.
    /// </summary>
    public Models.Hub.HubSettings? Hub { get; init; }
}

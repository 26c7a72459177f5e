namespace OpenFineTune.Engine.Serving;

/// <summary>
/// A base model the engine serves: its id, when it was first made available, where it came from (the HF model
/// directory it was loaded from) and whether it is the random built-in model (which needs its own training recipe).
/// </summary>
public sealed record BaseModelInfo(string Id, long CreatedUnixSeconds, string Source, string? Description = null, bool IsBuiltIn = false);

/// <summary>The base models that can be chatted with and fine-tuned. The HTTP layer lists these under /v1/models.</summary>
public interface IBaseModelCatalog
{
    IReadOnlyList<BaseModelInfo> BaseModels { get; }

    BaseModelInfo? Find(string id) => BaseModels.FirstOrDefault(m => m.Id == id);
}

using OpenFineTune.Engine.Serving;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.Models;

/// <summary>The wire model object. https://platform.openai.com/docs/api-reference/models/object</summary>
public sealed record ModelObject
{
    public required string Id { get; init; }

    public string Object => "model";

    /// <summary>Unix seconds (<c>created</c>, not <c>created_at</c>, on models).</summary>
    public required long Created { get; init; }

    public required string OwnedBy { get; init; }
}

public sealed record ModelDeleted(string Id)
{
    public string Object => "model";

    public bool Deleted => true;
}

public static class ModelObjectMapping
{
    /// <summary>Base models belong to the server (OpenAI says <c>system</c> for its own).</summary>
    public static ModelObject ToModelObject(this BaseModelInfo model) =>
        new() { Id = model.Id, Created = model.CreatedUnixSeconds, OwnedBy = "system" };

    public static ModelObject ToModelObject(this FineTunedModelRecord model) =>
        new() { Id = model.Id, Created = model.CreatedAt, OwnedBy = model.Owner };
}

using Microsoft.AspNetCore.Http.HttpResults;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Api.Models;

/// <summary>/v1/models: https://platform.openai.com/docs/api-reference/models. Ids contain ':' (ft:…) and '/'
/// (HF names, sent as %2F by the SDKs), hence the catch-all route and the explicit decoding.</summary>
public static class ModelsEndpoints
{
    const int AllFineTuned = int.MaxValue - 1;

    public static RouteGroupBuilder MapModels(this IEndpointRouteBuilder v1)
    {
        var models = v1.MapGroup("/models").WithTags("Models").ProducesOpenAIErrors(401, 404);
        models.MapGet("/", List).WithSummary("List base and fine-tuned models");
        models.MapGet("/{**model}", Retrieve).WithSummary("Retrieve a model");
        models.MapDelete("/{**model}", Delete).ProducesOpenAIErrors(403).WithSummary("Delete a fine-tuned model");
        return models;
    }

    static async Task<Ok<ListOf<ModelObject>>> List(IBaseModelCatalog catalog, IMetadataStore store, CancellationToken ct)
    {
        var fineTuned = await store.FineTunedModels.ListAsync(new PageQuery(AllFineTuned, NewestFirst: false), ct);
        var data = catalog.BaseModels.Select(m => m.ToModelObject())
            .Concat(fineTuned.Items.Select(m => m.ToModelObject())).ToList();
        return TypedResults.Ok(new ListOf<ModelObject>(data));
    }

    static async Task<Ok<ModelObject>> Retrieve(string model, IBaseModelCatalog catalog, IMetadataStore store, CancellationToken ct)
    {
        var id = Uri.UnescapeDataString(model);
        if (catalog.Find(id) is { } baseModel) return TypedResults.Ok(baseModel.ToModelObject());
        var fineTuned = await store.FineTunedModels.FindAsync(id, ct) ?? throw new ModelNotFoundException(id);
        return TypedResults.Ok(fineTuned.ToModelObject());
    }

    static async Task<Ok<ModelDeleted>> Delete(string model, IBaseModelCatalog catalog, IMetadataStore store, HttpContext http, CancellationToken ct)
    {
        var id = Uri.UnescapeDataString(model);
        if (catalog.Find(id) is not null)
            throw new PermissionDeniedException(
                $"The model `{id}` is a base model this server serves and cannot be deleted; only fine-tuned models (ft:…) can be deleted.");
        if (!await store.FineTunedModels.RemoveAsync(id, ct)) throw new ModelNotFoundException(id);
        http.RequestServices.GetService<IAdapterRegistry>()?.Unregister(id); // stop serving it at once
        return TypedResults.Ok(new ModelDeleted(id));
    }
}

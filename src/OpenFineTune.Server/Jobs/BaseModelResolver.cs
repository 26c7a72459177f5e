using Microsoft.Extensions.Options;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Hosting;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Jobs;

/// <summary>What a job's <c>model</c> names: a served base model, and the ft: model it continues, if any.</summary>
public sealed record ResolvedModel(BaseModelInfo Base, FineTunedModelRecord? Parent);

/// <summary>Resolves <c>model</c> as a base id, an alias (<c>--model-alias NAME=ID</c>) or a stored ft: model (notes §3.2, §3.8).</summary>
public sealed class BaseModelResolver(IBaseModelCatalog catalog, IMetadataStore store, IOptions<ServerOptions> options)
{
    public async Task<ResolvedModel> ResolveAsync(string model, CancellationToken ct)
    {
        if (catalog.Find(model) is { } direct) return new(direct, null);
        if (Alias(model) is { } target && catalog.Find(target) is { } aliased) return new(aliased, null);
        if (model.StartsWith("ft:", StringComparison.Ordinal) && await store.FineTunedModels.FindAsync(model, ct) is { } parent
            && catalog.Find(parent.BaseModel) is { } parentBase)
            return new(parentBase, parent);
        throw new InvalidRequestException(
            $"Model {model} is not available for fine-tuning or does not exist. This server fine-tunes: {string.Join(", ", Tunable())}. " +
            "To accept another name (e.g. the OpenAI model your scripts use), start the server with --model-alias NAME=ID.",
            "model", "model_not_available");
    }

    /// <summary>The catalog model an id names, or null (used again when a queued job starts).</summary>
    public BaseModelInfo? FindBase(string id) => catalog.Find(id);

    string? Alias(string name) => options.Value.ModelAliases
        .Select(pair => pair.Split('=', 2))
        .Where(parts => parts.Length == 2 && parts[0].Trim() == name)
        .Select(parts => parts[1].Trim()).FirstOrDefault();

    IEnumerable<string> Tunable() => catalog.BaseModels.Select(m => m.Id)
        .Concat(options.Value.ModelAliases.Select(a => a.Split('=', 2)[0].Trim()));
}

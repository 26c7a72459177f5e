using OpenFineTune.Engine.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Peft;

/// <summary>
/// Puts LoRA on a model the way PEFT's inject_adapter does, by module name: every target projection of every
/// <see cref="IProjectionOwner"/> becomes a <see cref="LoraLinear"/> (over an <see cref="Nf4Linear"/> for QLoRA),
/// and every other parameter is frozen.
/// </summary>
public static class LoraInjector
{
    /// <summary>Injects adapters; <paramref name="generator"/> seeds lora_A in module order so runs are reproducible.</summary>
    public static LoraInjection Inject(nn.Module model, LoraSettings settings, Generator? generator = null)
    {
        settings.Validate();
        var targets = settings.NormalizedTargets();
        var owners = ProjectionOwners(model).ToList();
        CheckTargetsExist(owners, targets);
        foreach (var p in model.parameters()) p.requires_grad = false;
        var adapters = new Dictionary<string, LoraLinear>();
        foreach (var (ownerPath, owner) in owners)
            foreach (var (name, projection) in owner.Projections.Where(p => IsTarget(targets, Join(ownerPath, p.Key))).ToList())
            {
                var wasTraining = projection.training;
                var lora = new LoraLinear(FrozenBase(projection, settings.Quantization), settings, generator);
                lora.train(wasTraining); // an eval-mode model stays in eval mode: no dropout at inference
                MoveToDeviceOf(lora, lora.BaseLayer);
                owner.ReplaceProjection(name, lora);
                adapters.Add(Join(ownerPath, name), lora);
            }
        return new LoraInjection(settings, adapters);
    }

    /// <summary>The module paths that <see cref="Inject"/> would adapt, in model order (nothing is changed).</summary>
    public static IReadOnlyList<string> TargetPaths(nn.Module model, LoraSettings settings)
    {
        var targets = settings.NormalizedTargets();
        var owners = ProjectionOwners(model).ToList();
        CheckTargetsExist(owners, targets);
        return owners.SelectMany(o => o.Owner.Projections.Keys.Select(name => Join(o.Path, name)))
            .Where(path => IsTarget(targets, path)).ToList();
    }

    /// <summary>Blocks that own projections, with their dotted paths (the root's path is "").</summary>
    public static IEnumerable<(string Path, IProjectionOwner Owner)> ProjectionOwners(nn.Module model)
    {
        if (model is IProjectionOwner root) yield return ("", root);
        foreach (var (path, module) in model.named_modules())
            if (module is IProjectionOwner owner && !string.IsNullOrEmpty(path)) yield return (path, owner);
    }

    static nn.Module<Tensor, Tensor> FrozenBase(nn.Module<Tensor, Tensor> projection, BaseQuantization quantization)
    {
        if (projection is LoraLinear) throw new InvalidOperationException("This model already has LoRA adapters on its projections.");
        if (quantization == BaseQuantization.None || projection is Nf4Linear) return projection;
        if (projection is not Linear linear)
            throw new ArgumentException($"NF4 quantizes Linear projections; got {projection.GetType().Name}.");
        var quantized = Nf4Linear.FromLinear(linear);
        MoveToDeviceOf(quantized, linear);
        linear.Dispose(); // the dense copy is no longer needed once quantized
        return quantized;
    }

    static void MoveToDeviceOf(nn.Module module, nn.Module reference)
    {
        var device = reference.parameters().Concat(reference.buffers()).Select(t => t.device).FirstOrDefault();
        if (device is not null && device.type != DeviceType.CPU) module.to(device);
    }

    static void CheckTargetsExist(List<(string Path, IProjectionOwner Owner)> owners, IReadOnlyList<string> targets)
    {
        var paths = owners.SelectMany(o => o.Owner.Projections.Keys.Select(name => Join(o.Path, name))).ToList();
        var missing = targets.Where(t => !paths.Any(p => LoraSettings.Matches(t, p))).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"target_modules {string.Join(", ", missing)} not found in the model; "
                + $"its projections are: {string.Join(", ", paths.Select(p => p[(p.LastIndexOf('.') + 1)..]).Distinct().Order())}.");
    }

    static bool IsTarget(IReadOnlyList<string> targets, string path) => targets.Any(t => LoraSettings.Matches(t, path));

    static string Join(string ownerPath, string name) => ownerPath.Length == 0 ? name : $"{ownerPath}.{name}";
}

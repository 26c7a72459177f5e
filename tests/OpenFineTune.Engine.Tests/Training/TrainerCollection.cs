namespace OpenFineTune.Engine.Tests.Training;

/// <summary>
/// Trainer runs alone: LoRA dropout draws from libtorch's global generator, which any test running in parallel
/// (randn without a generator) would advance, breaking the exact-repeat assertions.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainerCollection
{
    public const string Name = "Trainer runs";
}

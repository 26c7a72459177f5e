namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>Process-level tests start real servers and node; they run one at a time, after the in-process tests,
/// so a 2-core CI machine is not asked to run several servers while timing-sensitive kills happen.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "EndToEnd";
}

using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.Partition;

/// <summary>
/// Cuts a replica off from the store for the step's duration (or until a heal step): its lease expires while it may
/// still believe it holds its locks. The one meaning on every target (docs/network-faults.md, "What `partition` means
/// on every target"): both directions stop; nothing is refused, so each call ends at its own deadline (a write with an
/// unknown outcome, a read unavailable); a request caught in the cut may still arrive when the cut heals, after its
/// caller gave up. The simulation sets its client's cut (a caught request held with the client's
/// <c>HeldRequestProbability</c>, else lost as with a dead connection); a worker process, local or in a pod with the
/// agent, is cut by a blackhole on each of its store proxies (every caught byte held, as TCP retransmits).
/// </summary>
public sealed class PartitionAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.Partition;

    /// <summary>The fields its steps take.</summary>
    internal static ActionArgumentsShape Arguments { get; } = new([new(CommonArguments.Selector, Required: true), new(CommonArguments.Duration)]);

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        var name = replica!.Name;
        var faults = context.Target.Require<IReplicaFaults>(ChaosActionKind.Partition);
        await faults.PartitionAsync(name, cancellationToken);
        return new ActionEffect(name, ct => faults.HealAsync(name, ct), "heal");
    }
}

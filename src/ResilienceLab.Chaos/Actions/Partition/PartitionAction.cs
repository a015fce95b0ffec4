using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.Partition;

/// <summary>Cuts a replica off from the store for the step's duration (or until a heal step): its lease expires while it may still believe it holds its locks.</summary>
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

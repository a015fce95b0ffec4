using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;
using ResilienceLab.Chaos.Targets;

namespace ResilienceLab.Chaos.Actions.ClockSkew;

/// <summary>Sets the selected replicas' clocks off for the step's duration, as <see cref="ClockSkewFault"/> defines it.</summary>
public sealed class ClockSkewAction : IChaosAction
{
    /// <summary>The chaos event recorded when the clock is restored (not a heal: the replica's other faults stay).</summary>
    public const string RestoreEvent = "clock-restore";

    public ChaosActionKind Kind => ChaosActionKind.ClockSkew;

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        var name = replica!.Name;
        var clocks = context.Target.Require<IReplicaClocks>(ChaosActionKind.ClockSkew);
        await clocks.SetClockAsync(name, ClockSkewFault.Of(step), cancellationToken);
        return new ActionEffect(name, ct => clocks.RestoreClockAsync(name, ct), RestoreEvent);
    }
}

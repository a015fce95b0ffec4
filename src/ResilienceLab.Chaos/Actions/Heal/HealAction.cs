using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.Heal;

/// <summary>Removes network faults (partition, latency, store faults) from the selected replicas, and restores their clocks (clock-skew).</summary>
public sealed class HealAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.Heal;

    /// <summary>The fields its steps take.</summary>
    internal static ActionArgumentsShape Arguments { get; } = new([new(CommonArguments.Selector)]);

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        await context.Target.Require<IReplicaFaults>(ChaosActionKind.Heal).HealAsync(replica!.Name, cancellationToken);
        return new ActionEffect(replica.Name);
    }
}

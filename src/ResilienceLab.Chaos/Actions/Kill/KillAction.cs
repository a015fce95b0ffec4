using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.Kill;

/// <summary>SIGKILL a replica (pod delete with grace period 0): no cleanup runs; its locks go when its lease expires.</summary>
public sealed class KillAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.Kill;

    /// <summary>The fields its steps take.</summary>
    internal static ActionArgumentsShape Arguments { get; } = CommonArguments.ReplicasOnly;

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        await context.Target.Require<IReplicaKill>(ChaosActionKind.Kill).KillAsync(replica!.Name, cancellationToken);
        return new ActionEffect(replica.Name);
    }
}

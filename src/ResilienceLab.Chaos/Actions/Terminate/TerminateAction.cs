using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.Terminate;

/// <summary>SIGTERM a replica (pod delete with its grace period): it releases its locks, resigns and revokes its lease.</summary>
public sealed class TerminateAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.Terminate;

    /// <summary>The fields its steps take.</summary>
    internal static ActionArgumentsShape Arguments { get; } = CommonArguments.ReplicasOnly;

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        await context.Target.Require<IReplicaKill>(ChaosActionKind.Terminate).TerminateAsync(replica!.Name, cancellationToken);
        return new ActionEffect(replica.Name);
    }
}

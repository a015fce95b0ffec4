using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.StoreFault;

/// <summary>
/// Faults inside a replica's store client for the step's duration, each call with the step's probability (default 1):
/// <c>unavailable</c> (the default: requests fail before they leave) or <c>indeterminate</c> (a request commits but its
/// reply is lost), as docs/chaos-plans.md describes.
/// </summary>
public sealed class StoreFaultAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.StoreFault;

    public bool TargetsReplicas => true;

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        var name = replica!.Name;
        var faults = context.Target.Require<IReplicaFaults>(ChaosActionKind.StoreFault);
        await faults.SetStoreFaultAsync(name, step.Fault ?? StoreFaultKind.Unavailable, step.Probability ?? 1, cancellationToken);
        return new ActionEffect(name, ct => faults.HealAsync(name, ct), "heal");
    }
}

using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.StoreFault;

/// <summary>
/// Faults inside a replica's store client for the step's duration: <c>unavailable</c> (requests fail before
/// they leave) or <c>indeterminate</c> (a request commits but its reply is lost, with the step's probability).
/// </summary>
public sealed class StoreFaultAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.StoreFault;

    public bool TargetsReplicas => true;

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        var name = replica!.Name;
        await context.Target.SetStoreFaultAsync(name, step.Fault ?? StoreFaultKind.Indeterminate, step.Probability ?? 0.5, cancellationToken);
        return new ActionEffect(name, ct => context.Target.HealAsync(name, ct), "heal");
    }
}

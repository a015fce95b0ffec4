using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.StoreFault;

/// <summary>
/// Faults inside a replica's store client for the step's duration, as <see cref="StoreFault"/> defines them.
/// </summary>
public sealed class StoreFaultAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.StoreFault;

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        var name = replica!.Name;
        var faults = context.Target.Require<IReplicaFaults>(ChaosActionKind.StoreFault);
        var fault = StoreFault.Of(step);
        await faults.SetStoreFaultAsync(name, fault.Kind, fault.Probability, cancellationToken);
        return new ActionEffect(name, ct => faults.HealAsync(name, ct), "heal");
    }
}

using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.Latency;

/// <summary>Slows the link between a replica and the store by the step's latency (± jitter) for its duration (<see cref="LatencyFault"/> says exactly how, on every target).</summary>
public sealed class LatencyAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.Latency;

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        var name = replica!.Name;
        var fault = LatencyFault.Of(step);
        var faults = context.Target.Require<IReplicaFaults>(ChaosActionKind.Latency);
        await faults.SetLatencyAsync(name, fault.RoundTrip, fault.Jitter, cancellationToken);
        return new ActionEffect(name, ct => faults.HealAsync(name, ct), "heal");
    }
}

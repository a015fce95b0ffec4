using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.Latency;

/// <summary>Slows the link between a replica and the store by the step's latency (± jitter) for its duration.</summary>
public sealed class LatencyAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.Latency;

    public bool TargetsReplicas => true;

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        var name = replica!.Name;
        await context.Target.SetLatencyAsync(name, step.Latency ?? TimeSpan.FromMilliseconds(100), step.LatencyJitter ?? TimeSpan.Zero, cancellationToken);
        return new ActionEffect(name, ct => context.Target.HealAsync(name, ct), "heal");
    }
}

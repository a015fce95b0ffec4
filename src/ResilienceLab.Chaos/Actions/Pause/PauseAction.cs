using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.Pause;

/// <summary>SIGSTOP a replica for the step's duration, then SIGCONT (a GC pause, a stalled VM): the world moves on without it.</summary>
public sealed class PauseAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.Pause;

    /// <summary>The fields its steps take.</summary>
    internal static ActionArgumentsShape Arguments { get; } = new([new(CommonArguments.Selector, Required: true), new(CommonArguments.Duration, Required: true)]);

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        var name = replica!.Name;
        var pause = context.Target.Require<IReplicaPause>(ChaosActionKind.Pause);
        await pause.PauseAsync(name, cancellationToken);
        return new ActionEffect(name, ct => pause.ResumeAsync(name, ct), "resume");
    }
}

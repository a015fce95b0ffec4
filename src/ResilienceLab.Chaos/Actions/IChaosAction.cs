using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions;

/// <summary>
/// One kind of fault. Replica actions (those whose steps take a selector, <see cref="ChaosActions"/>) run once per
/// selected replica; store actions once per step.
/// </summary>
public interface IChaosAction
{
    ChaosActionKind Kind { get; }

    /// <summary>Applies the fault; returns what was done and how to undo it (null: nothing to undo).</summary>
    Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken);
}

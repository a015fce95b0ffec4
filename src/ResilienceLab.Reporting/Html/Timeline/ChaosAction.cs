using ResilienceLab.History;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Reporting.Html;

/// <summary>
/// One fault the chaos controller applied, as the timeline labels it: the action, its target, the role the target
/// was chosen for, and (for faults that stay in force: pause, partition, store faults) when it was undone.
/// </summary>
internal sealed record ChaosAction(DateTimeOffset Time, string Action, string? Target, string? Role, string? Step, string Lane, HistoryEntry Entry)
{
    // Lifecycle and probe events are not faults; a failed probe is drawn, a passing one is noise.
    private static readonly HashSet<string> NotFaults = new(StringComparer.Ordinal) { "chaos.start", "chaos.end", "chaos.probe" };

    // Events that undo an earlier fault on the same target and step.
    private static readonly HashSet<string> Undo = new(StringComparer.Ordinal) { "chaos.resume", "chaos.heal" };

    /// <summary>When the fault was undone (its resume/heal), if it was.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>"kill replica-1 (lock-holder of task 0)".</summary>
    public string Label => $"{Action} {Target}".Trim() + (Role is null or "any" ? string.Empty : $" ({Role})") + (Entry.Error is null ? string.Empty : " (failed)");

    /// <summary>True for the resume/heal that ends an earlier fault (drawn as that fault's end, not a fault of its own).</summary>
    public bool IsUndo => Undo.Contains(Entry.Op);

    /// <summary>The chaos events worth a marker, with each fault's undo time attached.</summary>
    public static List<ChaosAction> From(OperationHistory history, IReadOnlySet<string> lanes)
    {
        var actions = new List<ChaosAction>();
        foreach (var e in history.Events.Where(e => e.Op.StartsWith(HistoryOps.ChaosPrefix, StringComparison.Ordinal)))
        {
            if (NotFaults.Contains(e.Op) && !(e.Op == "chaos.probe" && e.Value is not null and not "pass"))
            {
                continue;
            }

            var target = e.Op == OperationHistory.KillOp ? OperationHistory.KillTarget(e) : e.Key;
            var lane = target is not null && lanes.Contains(target) ? target : e.Process;
            actions.Add(new ChaosAction(e.Time, e.Op[HistoryOps.ChaosPrefix.Length..], target, e.Details?.GetValueOrDefault("role"), e.Details?.GetValueOrDefault("step"), lane, e));
        }

        for (var i = 0; i < actions.Count; i++)
        {
            var undo = actions.Skip(i + 1).FirstOrDefault(a => a.IsUndo && !actions[i].IsUndo && a.Target == actions[i].Target && a.Step == actions[i].Step);
            if (undo is not null)
            {
                actions[i] = actions[i] with { Until = undo.Time };
            }
        }

        return actions;
    }
}

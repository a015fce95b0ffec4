using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.LeaderSafety;
using ResilienceLab.Verification.Checkers.MutualExclusion;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Timeline;

/// <summary>What a timeline draws: lanes per process, lock holds, leadership terms and markers.</summary>
public sealed record HistoryTimeline
{
    /// <summary>Processes in lane order (replicas sorted by name; "chaos" and "observer" last).</summary>
    public required IReadOnlyList<string> Processes { get; init; }

    /// <summary>Every lock hold.</summary>
    public required IReadOnlyList<LockHold> Holds { get; init; }

    /// <summary>Every leadership term.</summary>
    public required IReadOnlyList<LeaderTerm> Terms { get; init; }

    /// <summary>Chaos actions (on the target's lane when it is a process), lock/leader losses, deaths.</summary>
    public required IReadOnlyList<TimelineMarker> Markers { get; init; }

    /// <summary>First entry time.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Last entry time.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Builds the timeline of a merged history.</summary>
    public static HistoryTimeline Build(MergedHistory history)
    {
        var operations = OperationHistory.From(history);
        var processes = history.Entries.Select(e => e.Process).Distinct().ToHashSet();
        var markers = new List<TimelineMarker>();
        foreach (var e in operations.Events)
        {
            if (e.Op.StartsWith(HistoryOps.ChaosPrefix, StringComparison.Ordinal))
            {
                var target = e.Op == OperationHistory.KillOp ? OperationHistory.KillTarget(e) : e.Key;
                var lane = target is not null && processes.Contains(target) ? target : e.Process;
                markers.Add(new TimelineMarker(lane, e.Time, "chaos", $"{e.Op} {e.Key}".Trim() + (e.Error is null ? string.Empty : $" (failed: {e.Error})")));
            }
            else if (e.Op is HistoryOps.LockLost or HistoryOps.LeaderLost)
            {
                markers.Add(new TimelineMarker(e.Process, e.Time, "lost", $"{e.Op} {e.Key} token {e.Token}"));
            }
        }

        static int Rank(string p) => p == "chaos" ? 2 : p == "observer" ? 1 : 0;
        return new HistoryTimeline
        {
            Processes = [.. processes.OrderBy(Rank).ThenBy(p => p, StringComparer.Ordinal)],
            Holds = LockHoldReconstruction.Reconstruct(operations),
            Terms = LeaderTermReconstruction.Reconstruct(operations),
            Markers = markers,
            Start = operations.Start,
            End = operations.End,
        };
    }
}

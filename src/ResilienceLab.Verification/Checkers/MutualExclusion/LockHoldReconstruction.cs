using ResilienceLab.History;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.MutualExclusion;

/// <summary>
/// Rebuilds holds from a history: each lock.acquire ok starts a hold (lock.release, lock.lost) and each
/// leader.campaign ok a term (leader.resign, leader.lost); the same rules end both.
/// </summary>
public static class LockHoldReconstruction
{
    // The holds of each history, rebuilt once: three checks (mutual exclusion, task resumption, liveness) and the
    // timeline ask for them, and a history does not change once made.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<OperationHistory, IReadOnlyList<LockHold>> Rebuilt = [];

    /// <summary>Every lock hold, ordered by acquisition time.</summary>
    public static IReadOnlyList<LockHold> Reconstruct(OperationHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Rebuilt.GetValue(history, static h => Rebuild(h));
    }

    private static IReadOnlyList<LockHold> Rebuild(OperationHistory history) =>
        [.. Spans(history, HistoryOps.LockAcquire, HistoryOps.LockRelease, HistoryOps.LockLost)
            .Select(s => new LockHold
            {
                Lock = s.Acquisition.Key!,
                Process = s.Acquisition.Process,
                Token = s.Acquisition.Token!.Value,
                Requested = s.Acquisition.InvokeTime,
                Acquired = s.Acquisition.CompleteTime!.Value,
                Ended = s.Ended,
                EndReason = s.Reason,
                Acquisition = s.Acquisition,
            })];

    /// <summary>
    /// Spans from each ok <paramref name="acquireOp"/> to the earliest of: the holder's next
    /// <paramref name="releaseOp"/> invoke or <paramref name="lostOp"/> event on the key (same token or
    /// none), its death, its next <paramref name="acquireOp"/> invoke on the key, or its last invoke
    /// that never completed and after which it recorded nothing in that incarnation.
    /// </summary>
    internal static IEnumerable<(Operation Acquisition, DateTimeOffset? Ended, HoldEndReason Reason)> Spans(
        OperationHistory history, string acquireOp, string releaseOp, string lostOp)
    {
        var acquisitions = history.Operations.Where(o => o.Op == acquireOp && o.IsOk && o.Token is not null).OrderBy(o => o.CompleteTicks).ToList();
        if (acquisitions.Count == 0)
        {
            yield break;
        }

        var releases = history.Operations.Where(o => o.Op == releaseOp).ToLookup(o => (o.Process, o.Key));
        var attempts = history.Operations.Where(o => o.Op == acquireOp).ToLookup(o => (o.Process, o.Key));
        var losses = history.Events.Where(e => e.Op == lostOp).ToLookup(e => (e.Process, e.Key));
        var hangs = Unresponsive(history);
        foreach (var acquisition in acquisitions)
        {
            // The earliest end of each kind, in this order, and the earliest of them (the first kind on a tie): loops, not
            // queries, because a query per kind captured this acquisition in a closure, for every acquisition of a seed.
            var from = acquisition.CompleteTime!.Value;
            var key = (acquisition.Process, acquisition.Key);
            var token = acquisition.Token;
            (DateTimeOffset Time, HoldEndReason Reason)? end = null;

            DateTimeOffset? released = null;
            foreach (var r in releases[key])
            {
                if (r.InvokeTime >= from && (r.Token is null || r.Token == token) && (released is null || r.InvokeTime < released))
                {
                    released = r.InvokeTime;
                }
            }

            Consider(ref end, released, HoldEndReason.Released);

            DateTimeOffset? lost = null;
            foreach (var l in losses[key])
            {
                if (l.Time >= from && (l.Token is null || l.Token == token) && (lost is null || l.Time < lost))
                {
                    lost = l.Time;
                }
            }

            Consider(ref end, lost, HoldEndReason.Lost);
            Consider(ref end, history.FirstDeathAfter(acquisition.Process, from)?.Time, HoldEndReason.ProcessDied);

            DateTimeOffset? again = null;
            foreach (var a in attempts[key])
            {
                if (a.InvokeTime >= from && !ReferenceEquals(a, acquisition) && (again is null || a.InvokeTime < again))
                {
                    again = a.InvokeTime;
                }
            }

            Consider(ref end, again, HoldEndReason.Reacquired);

            DateTimeOffset? hang = null;
            if (hangs.TryGetValue(acquisition.Process, out var hung))
            {
                foreach (var h in hung)
                {
                    if (h >= from && (hang is null || h < hang))
                    {
                        hang = h;
                    }
                }
            }

            Consider(ref end, hang, HoldEndReason.Unresponsive);
            yield return end is { } ended ? (acquisition, ended.Time, ended.Reason) : (acquisition, null, HoldEndReason.HistoryEnded);
        }
    }

    /// <summary>Takes <paramref name="time"/> as the end when there is none yet or it is strictly earlier (the first kind wins a tie).</summary>
    private static void Consider(ref (DateTimeOffset Time, HoldEndReason Reason)? end, DateTimeOffset? time, HoldEndReason reason)
    {
        if (time is { } at && (end is null || at < end.Value.Time))
        {
            end = (at, reason);
        }
    }

    // Invoke times of operations that never completed and after which their process (incarnation)
    // recorded nothing else: the process hung or died right there. Blocking acquisitions are left
    // out: waiting for a lock or a leadership is not a sign of a hang.
    private static Dictionary<string, List<DateTimeOffset>> Unresponsive(OperationHistory history)
    {
        var result = new Dictionary<string, List<DateTimeOffset>>();
        var entries = history.History.Entries;
        var lastIndexBeforeRestart = new Dictionary<string, int>();
        var ends = new Dictionary<(string Process, int Index), bool>();
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (e.Type == HistoryEntryType.Event && e.Op == HistoryOps.ProcessStart && lastIndexBeforeRestart.TryGetValue(e.Process, out var last))
            {
                ends[(e.Process, last)] = true;
            }

            lastIndexBeforeRestart[e.Process] = i;
        }

        foreach (var (process, last) in lastIndexBeforeRestart)
        {
            ends[(process, last)] = true;
        }

        foreach (var op in history.Operations.Where(o => o.IsOpen && o.Op is not (HistoryOps.LockAcquire or HistoryOps.LeaderCampaign) && ends.ContainsKey((o.Process, o.InvokeIndex))))
        {
            if (!result.TryGetValue(op.Process, out var list))
            {
                result[op.Process] = list = [];
            }

            list.Add(op.InvokeTime);
        }

        return result;
    }
}

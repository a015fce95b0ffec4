using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.TaskResumption;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Recovery;

/// <summary>
/// How fast a run recovered from its faults, measured from its history: how long until a lock held by a hit replica
/// (kill, pause, partition, terminate) was held by another (the hit → the next <c>lock.acquire ok</c> on that lock by
/// another process), how long until a hit leader was replaced (→ the next <c>leader.campaign ok</c> by another
/// process), and how long each orphaned task went without a holder (its holder went away → the next holder).
/// </summary>
public sealed record RecoveryFigures
{
    // Faults that take a holder away from the store; added latency or store faults need not cost it its lock.
    private static readonly HashSet<string> Hits = new(StringComparer.Ordinal) { "chaos.kill", "chaos.pause", "chaos.partition", "chaos.terminate" };

    /// <summary>Take-over times after a lock holder was hit.</summary>
    public required IReadOnlyList<TimeSpan> TakeOver { get; init; }

    /// <summary>Hit holders whose lock nobody else acquired before the history ended.</summary>
    public int TakeOverMissing { get; init; }

    /// <summary>Failover times after the leader was hit.</summary>
    public required IReadOnlyList<TimeSpan> Failover { get; init; }

    /// <summary>Hit leaders nobody replaced before the history ended.</summary>
    public int FailoverMissing { get; init; }

    /// <summary>How long each orphaned task waited for its next holder.</summary>
    public required IReadOnlyList<TimeSpan> Resumption { get; init; }

    /// <summary>Measures every figure on one history.</summary>
    public static RecoveryFigures Measure(OperationHistory history, TaskResumptionOptions? taskOptions = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var entries = history.History.Entries;
        var hits = entries.Where(e => e.Type == HistoryEntryType.Event && Hits.Contains(e.Op) && e.Error is null && e.Key is not null).ToList();
        var (takeOver, takeOverMissing) = TakeOvers(entries, hits);
        var (failover, failoverMissing) = Failovers(entries, hits);
        return new RecoveryFigures
        {
            TakeOver = takeOver,
            TakeOverMissing = takeOverMissing,
            Failover = failover,
            FailoverMissing = failoverMissing,
            Resumption = [.. new TaskResumptionCheck(taskOptions).FindResumptions(history).Select(r => r.Latency)],
        };
    }

    private static (List<TimeSpan> Samples, int Missing) TakeOvers(IReadOnlyList<HistoryEntry> entries, List<HistoryEntry> hits)
    {
        var samples = new List<TimeSpan>();
        var missing = 0;
        var acquired = entries.Where(e => e.Op == HistoryOps.LockAcquire && e.Type == HistoryEntryType.Ok && e.Key is not null).ToList();
        foreach (var hit in hits)
        {
            foreach (var lockName in HeldBy(entries, acquired, hit.Key!, hit.Time))
            {
                var next = acquired.FirstOrDefault(a => a.Key == lockName && a.Process != hit.Key && a.Time > hit.Time);
                if (next is null)
                {
                    missing++;
                }
                else
                {
                    samples.Add(next.Time - hit.Time);
                }
            }
        }

        return (samples, missing);
    }

    /// <summary>The locks <paramref name="process"/> held at <paramref name="at"/>: acquired, and not released or lost since.</summary>
    private static IEnumerable<string> HeldBy(IReadOnlyList<HistoryEntry> entries, List<HistoryEntry> acquired, string process, DateTimeOffset at) =>
        acquired.Where(a => a.Process == process && a.Time <= at)
            .GroupBy(a => a.Key!)
            .Select(g => g.Last())
            .Where(last => !entries.Any(e => e.Process == process && e.Key == last.Key && e.Time >= last.Time && e.Time <= at
                && (e.Op == HistoryOps.LockLost || (e.Op == HistoryOps.LockRelease && e.Type == HistoryEntryType.Invoke))))
            .Select(last => last.Key!);

    private static (List<TimeSpan> Samples, int Missing) Failovers(IReadOnlyList<HistoryEntry> entries, List<HistoryEntry> hits)
    {
        var samples = new List<TimeSpan>();
        var missing = 0;
        var elected = entries.Where(e => e.Op == HistoryOps.LeaderCampaign && e.Type == HistoryEntryType.Ok).ToList();
        foreach (var hit in hits)
        {
            var leader = elected.LastOrDefault(e => e.Time <= hit.Time);
            var stillLeading = leader is not null && leader.Process == hit.Key && !entries.Any(e => e.Process == leader.Process && e.Time >= leader.Time && e.Time <= hit.Time
                && (e.Op == HistoryOps.LeaderLost || (e.Op == HistoryOps.LeaderResign && e.Type == HistoryEntryType.Invoke)));
            if (!stillLeading)
            {
                continue;
            }

            var next = elected.FirstOrDefault(e => e.Process != hit.Key && e.Time > hit.Time);
            if (next is null)
            {
                missing++;
            }
            else
            {
                samples.Add(next.Time - hit.Time);
            }
        }

        return (samples, missing);
    }
}

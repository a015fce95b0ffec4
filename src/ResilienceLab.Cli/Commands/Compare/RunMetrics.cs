using ResilienceLab.History;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Operations;
using ResilienceLab.Verification.Recovery;

namespace ResilienceLab.Cli.Commands.Compare;

/// <summary>How one fault (schedule step) went against one store.</summary>
/// <param name="Step">The step's name.</param>
/// <param name="Action">What it did (kill, pause, …), or "-" when the store could not take it.</param>
/// <param name="Target">Whom it hit.</param>
/// <param name="Outcome"><c>survived</c>, <c>violated</c> (a check found a violation after it), <c>not applied</c>, or <c>n/a</c>.</param>
/// <param name="Note">The error, the violation kinds, or why it does not apply.</param>
internal sealed record FaultOutcome(string Step, string Action, string? Target, string Outcome, string? Note);

/// <summary>
/// What a run's history says about a store: how long until a lock held by a hit replica (kill, pause, partition, terminate) was
/// held by another (the hit → the next <c>lock.acquire ok</c> on that lock), how long until a hit leader was replaced
/// (→ the next <c>leader.campaign ok</c> by another replica), the counter's CAS throughput, and which faults were survived.
/// </summary>
internal sealed record RunMetrics(LatencySample TakeOver, LatencySample Failover, double? CasOpsPerSecond, int CasIncrements, IReadOnlyList<FaultOutcome> Faults)
{
    public static RunMetrics From(Verdict verdict, IReadOnlyList<(string Step, string Why)> skipped)
    {
        var entries = verdict.History.Entries;
        var recovery = RecoveryFigures.Measure(OperationHistory.From(verdict.History));
        return new RunMetrics(
            LatencySample.Of(recovery.TakeOver, recovery.TakeOverMissing),
            LatencySample.Of(recovery.Failover, recovery.FailoverMissing),
            CasThroughput(entries, out var increments),
            increments,
            FaultOutcomes(verdict, entries, skipped));
    }

    private static double? CasThroughput(IReadOnlyList<HistoryEntry> entries, out int increments)
    {
        var ok = entries.Where(e => e.Op == HistoryOps.CounterIncrement && e.Type == HistoryEntryType.Ok).ToList();
        increments = ok.Count;
        var first = entries.FirstOrDefault(e => e.Op == HistoryOps.CounterIncrement && e.Type == HistoryEntryType.Invoke);
        if (ok.Count == 0 || first is null)
        {
            return null;
        }

        var span = ok[^1].Time - first.Time;
        return span <= TimeSpan.Zero ? null : ok.Count / span.TotalSeconds;
    }

    private static List<FaultOutcome> FaultOutcomes(Verdict verdict, IReadOnlyList<HistoryEntry> entries, IReadOnlyList<(string Step, string Why)> skipped)
    {
        var chaos = entries.Where(e => e.Type == HistoryEntryType.Event && e.Op.StartsWith(HistoryOps.ChaosPrefix, StringComparison.Ordinal)
            && e.Details is not null && e.Details.ContainsKey("step")).ToList();
        var violations = verdict.Results.SelectMany(r => r.Violations).ToList();
        var end = verdict.History.End ?? DateTimeOffset.MaxValue;
        var faults = new List<FaultOutcome>();
        var firings = chaos.GroupBy(e => e.Details!["step"]).Select(g => g.First()).ToList();
        for (var i = 0; i < firings.Count; i++)
        {
            var firing = firings[i];
            var action = firing.Op[HistoryOps.ChaosPrefix.Length..];
            if (firing.Error is not null)
            {
                faults.Add(new FaultOutcome(firing.Details!["step"], action, firing.Key, "not applied", firing.Error));
                continue;
            }

            // A violation is charged to the latest fault before it.
            var until = i + 1 < firings.Count ? firings[i + 1].Time : end;
            var after = violations.Where(v => v.Start >= firing.Time && v.Start < until).ToList();
            faults.Add(after.Count == 0
                ? new FaultOutcome(firing.Details!["step"], action, firing.Key, "survived", null)
                : new FaultOutcome(firing.Details!["step"], action, firing.Key, "violated", string.Join(", ", after.GroupBy(v => $"{v.Check}/{v.Kind}").Select(g => $"{g.Count()} {g.Key}"))));
        }

        faults.AddRange(skipped.Select(s => new FaultOutcome(s.Step, "-", null, "n/a", s.Why)));
        return faults;
    }
}

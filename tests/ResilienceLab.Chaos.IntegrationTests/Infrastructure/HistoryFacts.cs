using ResilienceLab.History;

namespace ResilienceLab.Chaos.IntegrationTests.Infrastructure;

/// <summary>The questions the plan tests ask of a merged history: chaos events, operations paired up, the first success after a moment.</summary>
internal static class HistoryFacts
{
    public const string ChaosProcess = "chaos";

    /// <summary>When the controller recorded chaos.start: the origin of the plan's schedule times.</summary>
    public static DateTimeOffset Start(MergedHistory history) =>
        history.Entries.FirstOrDefault(e => e.Process == ChaosProcess && e.Op == HistoryOps.ChaosPrefix + "start")?.Time
        ?? history.Start ?? DateTimeOffset.UnixEpoch;

    /// <summary>The chaos events of one action (<c>kill-etcd-member</c>, <c>restart-etcd-member</c>, <c>partition</c>, …) that succeeded.</summary>
    public static List<HistoryEntry> ChaosEvents(MergedHistory history, string action) =>
        [.. history.Entries.Where(e => e.Process == ChaosProcess && e.Type == HistoryEntryType.Event && e.Op == HistoryOps.ChaosPrefix + action && e.Error is null)];

    /// <summary>Every invocation of <paramref name="op"/> with its completion, in invocation order.</summary>
    public static List<OperationPair> Operations(MergedHistory history, string op)
    {
        var entries = history.Entries.Where(e => e.Op == op).ToList();
        var completions = new Dictionary<(string, long), HistoryEntry>();
        foreach (var e in entries.Where(e => e.Type is HistoryEntryType.Ok or HistoryEntryType.Fail or HistoryEntryType.Info))
        {
            completions.TryAdd((e.Process, e.Id), e);
        }

        return [.. entries.Where(e => e.Type == HistoryEntryType.Invoke).Select(i => new OperationPair(i, completions.GetValueOrDefault((i.Process, i.Id))))];
    }

    /// <summary>The first operation invoked at or after <paramref name="after"/> that succeeded, by completion time; null when none did.</summary>
    public static OperationPair? FirstOkInvokedAfter(MergedHistory history, string op, DateTimeOffset after) =>
        Operations(history, op).Where(o => o.IsOk && o.Invoke.Time >= after).MinBy(o => o.Completion!.Time);

    /// <summary>The first operation that succeeded (completed ok) after <paramref name="after"/>, whenever it was invoked; null when none did.</summary>
    public static OperationPair? FirstOkCompletedAfter(MergedHistory history, string op, DateTimeOffset after) =>
        Operations(history, op).Where(o => o.IsOk && o.Completion!.Time > after).MinBy(o => o.Completion!.Time);

    /// <summary>
    /// For the report of a run: the replicas started after the chaos began (the supervisor's replacements), and the
    /// replicas that stopped gracefully on their own well before the final stop (their host gave up: a worker failed).
    /// </summary>
    public static (List<string> Replacements, List<string> StoppedEarly) ReplicaTurnover(MergedHistory history)
    {
        var start = Start(history);
        var terminated = ChaosEvents(history, "terminate").Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var stops = history.Entries.Where(e => e.Op == HistoryOps.ProcessStop).ToList();
        var finalStop = stops.Select(e => e.Time).DefaultIfEmpty(start).Max();
        var replacements = history.Entries.Where(e => e.Op == HistoryOps.ProcessStart && e.Time > start).Select(e => e.Process).ToList();
        var early = stops.Where(e => e.Time < finalStop - TimeSpan.FromSeconds(2) && !terminated.Contains(e.Process)).Select(e => $"{e.Process} at {At(history, e.Time)}").ToList();
        return (replacements, early);
    }

    /// <summary>Seconds since the run's chaos.start, for messages.</summary>
    public static string At(MergedHistory history, DateTimeOffset time) => $"{(time - Start(history)).TotalSeconds:0.000} s";
}

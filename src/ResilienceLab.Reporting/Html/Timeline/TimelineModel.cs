using System.Globalization;
using ResilienceLab.History;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Operations;
using ResilienceLab.Verification.Timeline;

namespace ResilienceLab.Reporting.Html;

/// <summary>
/// Everything the timelines of one report draw, computed once: the processes that did something, the chaos faults,
/// the key lanes that explain the run, and the violations.
/// </summary>
internal sealed class TimelineModel
{
    // More lanes than this per kind stop explaining and start scrolling; the rest are counted in the caption.
    private const int MaxLanesPerKind = 6;

    private TimelineModel(OperationHistory history, HistoryTimeline timeline, IReadOnlyList<string> processes, IReadOnlyList<ChaosAction> chaos, IReadOnlyList<KeyLane> keys, IReadOnlyList<Violation> violations, int keysLeftOut)
    {
        History = history;
        Timeline = timeline;
        Processes = processes;
        Chaos = chaos;
        Keys = keys;
        Violations = violations;
        KeysLeftOut = keysLeftOut;
    }

    public OperationHistory History { get; }

    public HistoryTimeline Timeline { get; }

    /// <summary>Processes that invoked an operation or were hit by a fault, replicas in natural order, then the observer, then the chaos controller.</summary>
    public IReadOnlyList<string> Processes { get; }

    public IReadOnlyList<ChaosAction> Chaos { get; }

    public IReadOnlyList<KeyLane> Keys { get; }

    /// <summary>Every violation of every check, in time order.</summary>
    public IReadOnlyList<Violation> Violations { get; }

    public int KeysLeftOut { get; }

    public DateTimeOffset Start => History.Start;

    public DateTimeOffset End => History.End;

    public static TimelineModel Build(Verdict verdict)
    {
        var history = OperationHistory.From(verdict.History);
        var timeline = HistoryTimeline.Build(verdict.History);
        var everyProcess = verdict.History.Entries.Select(e => e.Process).ToHashSet();
        var chaos = ChaosAction.From(history, everyProcess);
        var active = history.Operations.Select(o => o.Process).Concat(chaos.Select(c => c.Lane)).ToHashSet();
        static int Rank(string p) => p == "chaos" ? 2 : p == "observer" ? 1 : 0;
        var processes = active.OrderBy(Rank).ThenBy(p => p, NaturalComparer.Instance).ToList();

        var keys = new List<KeyLane>();
        var leftOut = 0;
        void AddCapped(IEnumerable<KeyLane> lanes)
        {
            var list = lanes.ToList();
            keys.AddRange(list.Take(MaxLanesPerKind));
            leftOut += Math.Max(0, list.Count - MaxLanesPerKind);
        }

        AddCapped(TaskLanes(history));
        AddCapped(CounterLanes(history));
        AddCapped(timeline.Terms.GroupBy(t => t.Election).OrderBy(g => g.Key, NaturalComparer.Instance).Select(g => g.OrderBy(t => t.Elected).ToList())
            .Select(terms => new KeyLane(KeyLaneKind.Election, terms[0].Election) { Terms = terms, Rows = Rows(terms.Select(t => (t.Elected, t.Ended))) }));
        AddCapped(timeline.Holds.GroupBy(h => h.Lock).OrderBy(g => g.Key, NaturalComparer.Instance).Select(g => LockLane(g.Key, [.. g.OrderBy(h => h.Acquired)])));
        var violations = verdict.Results.SelectMany(r => r.Violations).OrderBy(v => v.Start).ToList();
        return new TimelineModel(history, timeline, processes, chaos, keys, violations, leftOut);
    }

    private static IEnumerable<KeyLane> TaskLanes(OperationHistory history) =>
        history.Operations.Where(o => o.Op == HistoryOps.TaskCommit && o.IsOk && o.Key is not null && long.TryParse(o.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            .GroupBy(o => o.Key!)
            .OrderBy(g => g.Key, NaturalComparer.Instance)
            .Select(g => new KeyLane(KeyLaneKind.Task, g.Key)
            {
                Values = [.. g.OrderBy(o => o.CompleteTime).Select(o => new TimePoint(o.CompleteTime!.Value, long.Parse(o.Value!, CultureInfo.InvariantCulture)))],
            });

    private static IEnumerable<KeyLane> CounterLanes(OperationHistory history)
    {
        foreach (var counter in history.Operations.Where(o => o.Op is HistoryOps.CounterIncrement or HistoryOps.CounterRead && o.IsOk && o.Key is not null)
            .GroupBy(o => o.Key!).OrderBy(g => g.Key, NaturalComparer.Instance))
        {
            var increments = counter.Where(o => o.Op == HistoryOps.CounterIncrement && long.TryParse(o.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)).ToList();
            var reads = counter.Where(o => o.Op == HistoryOps.CounterRead && long.TryParse(o.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)).ToList();
            var firstIncrement = increments.Count > 0 ? increments.Min(i => i.InvokeTime) : DateTimeOffset.MaxValue;
            var initial = reads.Where(r => r.CompleteTime < firstIncrement).MaxBy(r => r.CompleteTime) is { } before ? Parse(before.Value) : 0;

            // The store's value as the acknowledgements reveal it: the value of the highest revision acknowledged so far
            // (a stale write that lands later resets it lower, which is the lost update), and whatever a read returned.
            var store = new List<TimePoint>();
            var revision = long.MinValue;
            foreach (var op in increments.Concat(reads).OrderBy(o => o.CompleteTime))
            {
                if (op.Op == HistoryOps.CounterRead || op.Revision is null || op.Revision > revision)
                {
                    revision = op.Op == HistoryOps.CounterIncrement && op.Revision is { } r ? r : revision;
                    store.Add(new TimePoint(op.CompleteTime!.Value, Parse(op.Value)));
                }
            }

            var acknowledged = increments.OrderBy(i => i.CompleteTime).Select((i, n) => new TimePoint(i.CompleteTime!.Value, initial + n + 1)).ToList();
            yield return new KeyLane(KeyLaneKind.Counter, counter.Key)
            {
                Values = store,
                Acknowledged = acknowledged,
                Diverged = FirstDivergence(acknowledged, store),
            };
        }
    }

    private static DateTimeOffset? FirstDivergence(List<TimePoint> acknowledged, List<TimePoint> store)
    {
        // Walk both series in time order; the store's value is its latest point. Only a lasting gap counts: the
        // store trails the acknowledgements it has not yet been read after, so compare at each store point.
        var ack = 0L;
        var a = 0;
        foreach (var point in store)
        {
            while (a < acknowledged.Count && acknowledged[a].Time <= point.Time)
            {
                ack = acknowledged[a++].Value;
            }

            if (ack > point.Value)
            {
                return point.Time;
            }
        }

        return null;
    }

    private static KeyLane LockLane(string key, List<Verification.Checkers.MutualExclusion.LockHold> holds) =>
        new(KeyLaneKind.Lock, key) { Holds = holds, Rows = Rows(holds.Select(h => (h.Acquired, h.Ended))) };

    // Greedy rows: a bar goes on the first row free at its start, so overlapping beliefs (two holders, two leaders) are both visible.
    private static List<int> Rows(IEnumerable<(DateTimeOffset Start, DateTimeOffset? End)> bars)
    {
        var rowEnds = new List<DateTimeOffset>();
        var rows = new List<int>();
        foreach (var (start, end) in bars)
        {
            var row = rowEnds.FindIndex(e => e <= start);
            if (row < 0)
            {
                row = rowEnds.Count;
                rowEnds.Add(DateTimeOffset.MinValue);
            }

            rowEnds[row] = end ?? DateTimeOffset.MaxValue;
            rows.Add(Math.Min(row, 3));
        }

        return rows;
    }

    private static long Parse(string? value) => long.Parse(value!, CultureInfo.InvariantCulture);
}

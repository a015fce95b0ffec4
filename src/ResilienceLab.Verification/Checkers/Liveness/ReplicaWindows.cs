using ResilienceLab.History;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.Liveness;

/// <summary>
/// When each replica was alive and ready, and when a fault was on it (a chaos step that hit it, until undone, or a
/// quorum loss of the store), reconstructed from the history's process and chaos events.
/// </summary>
internal sealed class ReplicaWindows
{
    private readonly Dictionary<string, List<(DateTimeOffset Start, DateTimeOffset End)>> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(DateTimeOffset Start, DateTimeOffset End)>> _alive = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset Start, DateTimeOffset End)> _storeDown = [];

    /// <param name="history">The history.</param>
    /// <param name="tolerated">Added latency below which a replica is not faulted: its keep-alives must still succeed.</param>
    public ReplicaWindows(OperationHistory history, TimeSpan tolerated)
    {
        var end = history.End;
        var readySince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var e in history.Events)
        {
            if (e.Op == HistoryOps.ProcessReady)
            {
                readySince.TryAdd(e.Process, e.Time);
            }
            else if (e.Op == HistoryOps.ProcessStart || e.Op == HistoryOps.ProcessStop)
            {
                Close(e.Process, e.Time);
            }
            else if (e.Process == "chaos" && e.Key is { } target && e.Error is null)
            {
                if (LivenessConstants.ReplicaFaults.Contains(e.Op) && !(e.Op == LivenessConstants.Latency && Latency(e) is { } latency && latency < tolerated))
                {
                    var until = e.Op is "chaos.kill" or "chaos.terminate" ? end : e.Time + Duration(e) ?? end;
                    Add(_faults, target, e.Time, until);
                    if (e.Op is "chaos.kill" or "chaos.terminate")
                    {
                        Close(target, e.Time);
                    }
                }
                else if (LivenessConstants.ReplicaFaultEnds.Contains(e.Op) && _faults.TryGetValue(target, out var list))
                {
                    // The undo ends every fault still in force on the target (a heal removes them all).
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i].Start <= e.Time && list[i].End > e.Time)
                        {
                            list[i] = (list[i].Start, e.Time);
                        }
                    }
                }
                else if (e.Op == LivenessConstants.QuorumLoss)
                {
                    _storeDown.Add((e.Time, e.Time + Duration(e) ?? end));
                }
            }
        }

        foreach (var (process, since) in readySince)
        {
            Add(_alive, process, since, end);
        }

        void Close(string process, DateTimeOffset at)
        {
            if (readySince.Remove(process, out var since))
            {
                Add(_alive, process, since, at);
            }
        }

    }

    /// <summary>Whether a fault was on <paramref name="process"/> (or the store had no quorum) at any time in [from, to].</summary>
    public bool FaultedDuring(string process, DateTimeOffset from, DateTimeOffset to) =>
        (_faults.TryGetValue(process, out var list) && list.Any(f => f.Start <= to && f.End >= from))
        || _storeDown.Any(f => f.Start <= to && f.End >= from);

    /// <summary>The stretches in which <paramref name="process"/> was ready and alive.</summary>
    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Alive(string process) =>
        _alive.TryGetValue(process, out var list) ? list : [];

    /// <summary>Faults on <paramref name="process"/> and store outages, each stretched by <paramref name="recovery"/> after it ends.</summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Disturbances(string process, TimeSpan recovery) =>
        (_faults.TryGetValue(process, out var list) ? list : []).Concat(_storeDown).Select(f => (f.Start, f.End + recovery));

    /// <summary>The partitions of <paramref name="process"/>: when each began and when it was healed.</summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Partitions(OperationHistory history, string process)
    {
        foreach (var e in history.Events.Where(e => e.Process == "chaos" && e.Op == LivenessConstants.Partition && e.Key == process && e.Error is null))
        {
            var healed = history.Events.FirstOrDefault(h => h.Process == "chaos" && h.Key == process && LivenessConstants.ReplicaFaultEnds.Contains(h.Op) && h.Time >= e.Time)?.Time;
            var planned = e.Time + Duration(e);
            yield return (e.Time, Min(healed, planned) ?? history.End);
        }
    }

    private static TimeSpan? Latency(HistoryEntry e) =>
        e.Details is { } d && d.TryGetValue("latency", out var text) && TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var span) ? span : null;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static TimeSpan? Duration(HistoryEntry e) =>
        e.Details is { } d && d.TryGetValue("duration", out var text) && TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var span) ? span : null;

    private static void Add(Dictionary<string, List<(DateTimeOffset, DateTimeOffset)>> map, string key, DateTimeOffset start, DateTimeOffset end)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add((start, end));
    }
}

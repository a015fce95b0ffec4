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
    private readonly Dictionary<string, List<(DateTimeOffset Start, DateTimeOffset End)>> _refusals = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset Start, DateTimeOffset End)> _storeDown = [];
    private readonly Dictionary<string, List<(DateTimeOffset Start, DateTimeOffset End, bool Killed)>> _outages = new(StringComparer.Ordinal);

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
                    Add(BriefRefusal(e, tolerated) ? _refusals : _faults, target, e.Time, until);
                    if (e.Op is "chaos.kill" or "chaos.terminate")
                    {
                        Close(target, e.Time);
                    }

                    if (e.Op is "chaos.kill" or "chaos.terminate" or "chaos.pause" or LivenessConstants.Partition)
                    {
                        if (!_outages.TryGetValue(target, out var outages))
                        {
                            _outages[target] = outages = [];
                        }

                        outages.Add((e.Time, until, e.Op is "chaos.kill" or "chaos.terminate"));
                    }
                }
                else if (LivenessConstants.ReplicaFaultEnds.Contains(e.Op))
                {
                    // The undo ends every fault still in force on the target (a heal removes them all).
                    EndAt(_faults, target, e.Time);
                    EndAt(_refusals, target, e.Time);
                    if (_outages.TryGetValue(target, out var outages))
                    {
                        for (var i = 0; i < outages.Count; i++)
                        {
                            if (!outages[i].Killed && outages[i].Start <= e.Time && outages[i].End > e.Time)
                            {
                                outages[i] = (outages[i].Start, e.Time, false);
                            }
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

    /// <summary>
    /// Whether a fault was on <paramref name="process"/> (or the store had no quorum) at any time in [from, to]. A brief
    /// refusal (<see cref="BriefRefusal"/>) is not one: a session that renews every third of its TTL outlives it.
    /// </summary>
    public bool FaultedDuring(string process, DateTimeOffset from, DateTimeOffset to) =>
        (_faults.TryGetValue(process, out var list) && list.Any(f => f.Start <= to && f.End >= from))
        || _storeDown.Any(f => f.Start <= to && f.End >= from);

    /// <summary>The stretches in which <paramref name="process"/> was ready and alive.</summary>
    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Alive(string process) =>
        _alive.TryGetValue(process, out var list) ? list : [];

    /// <summary>Faults on <paramref name="process"/> and store outages, each stretched by <paramref name="recovery"/> after it ends.</summary>
    /// <remarks>A brief refusal is none: one failed call is retried long before the idle bound.</remarks>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Disturbances(string process, TimeSpan recovery) =>
        (_faults.TryGetValue(process, out var list) ? list : []).Concat(_storeDown).Select(f => (f.Start, f.End + recovery));

    /// <summary>The kills, pauses and partitions of <paramref name="process"/>: when each began and ended (a kill never ends).</summary>
    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End, bool Killed)> Outages(string process) =>
        _outages.TryGetValue(process, out var list) ? list : [];

    /// <summary>
    /// Whether <paramref name="process"/> was alive and ready throughout [from, to] with no fault, brief refusal or store
    /// outage on it then or in the <paramref name="recovery"/> before.
    /// </summary>
    public bool Steady(string process, DateTimeOffset from, DateTimeOffset to, TimeSpan recovery) =>
        Alive(process).Any(a => a.Start <= from && a.End >= to)
        && !Disturbances(process, recovery).Concat(_refusals.TryGetValue(process, out var refused) ? refused : []).Any(d => d.Start <= to && d.End >= from);

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

    /// <summary>
    /// A store-fault that fails calls at once (<c>unavailable</c>, the request never leaves) for less than
    /// <paramref name="interval"/>, a keep-alive interval: keep-alives sent an interval apart meet it at most once, and the
    /// next renews the lease well within the TTL. A session lost after one gave up renewing on a transient error. An <c>indeterminate</c> fault is not brief: a lost reply holds the keep-alive until its deadline.
    /// </summary>
    private static bool BriefRefusal(HistoryEntry e, TimeSpan interval) =>
        e.Op == LivenessConstants.StoreFault && Duration(e) is { } duration && duration < interval
        && (e.Details is not { } d || !d.TryGetValue("fault", out var fault) || fault == LivenessConstants.RefusalFault);

    private static void EndAt(Dictionary<string, List<(DateTimeOffset Start, DateTimeOffset End)>> map, string process, DateTimeOffset at)
    {
        if (!map.TryGetValue(process, out var list))
        {
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Start <= at && list[i].End > at)
            {
                list[i] = (list[i].Start, at);
            }
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

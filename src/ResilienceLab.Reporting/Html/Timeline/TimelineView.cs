using ResilienceLab.Verification;

namespace ResilienceLab.Reporting.Html;

/// <summary>What one SVG shows: a time window, the lanes in it, and (for a zoomed view) the violation it is about.</summary>
/// <param name="From">Window start.</param>
/// <param name="To">Window end.</param>
/// <param name="Processes">Process lanes, in order.</param>
/// <param name="Keys">Key lanes, in order.</param>
/// <param name="Focus">The violation a zoomed view is about; null for the whole run.</param>
/// <param name="Number">The violation's number (V1, V2, …) on the page.</param>
internal sealed record TimelineView(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Processes, IReadOnlyList<KeyLane> Keys, Violation? Focus = null, int Number = 0)
{
    // Room around a violation in its zoomed view: half its span each side, at least this much.
    private static readonly TimeSpan MinPad = TimeSpan.FromMilliseconds(50);

    // A zoomed view covers the violation's first cluster of operations; later ones (a lost update's final read) are in the overview.
    private const double ClusterFraction = 0.1;

    // The end of a linearized prefix a zoomed view includes: what the unplaced operations should have followed.
    private const int LinearizedTailShown = 3;

    public bool IsZoom => Focus is not null;

    /// <summary>The whole run with every lane.</summary>
    public static TimelineView Overview(TimelineModel model) => new(model.Start, model.End, model.Processes, model.Keys);

    /// <summary>The view around one violation: its operations (the first cluster of them), its processes and its keys.</summary>
    public static TimelineView Around(TimelineModel model, Violation violation, int number)
    {
        var ops = violation.Operations.Concat(violation.Linearization?.Unplaced ?? []).OrderBy(o => o.InvokeTime).ToList();
        DateTimeOffset from, to;
        if (ops.Count == 0)
        {
            (from, to) = (violation.Start, violation.End);
        }
        else
        {
            var cluster = TimeSpan.FromTicks((long)((model.End - model.Start).Ticks * ClusterFraction));
            var first = ops[0].InvokeTime;
            var inCluster = ops.Where(o => o.InvokeTime - first <= cluster).ToList();
            from = first;
            to = inCluster.Max(o => o.CompleteTime ?? o.InvokeTime);
            if (violation.Linearization is { } lin)
            {
                // Show the end of the linearized prefix too: what the unplaced operation should have followed.
                from = lin.Linearized.TakeLast(LinearizedTailShown).Select(o => o.InvokeTime).Append(from).Min();
            }
        }

        var pad = TimeSpan.FromTicks(Math.Max((to - from).Ticks / 2, MinPad.Ticks));
        from = from - pad < model.Start ? model.Start : from - pad;
        to = to + pad > model.End ? model.End : to + pad;
        var involved = violation.Processes.Concat(violation.Operations.Select(o => o.Process))
            .Concat(violation.Linearization?.Concurrent.Select(o => o.Process) ?? [])
            .Concat(violation.Linearization?.Linearized.TakeLast(LinearizedTailShown).Select(o => o.Process) ?? []).ToHashSet();
        var opKeys = violation.Operations.Select(o => o.Key).ToHashSet();
        return new TimelineView(
            from,
            to,
            [.. model.Processes.Where(involved.Contains)],
            [.. model.Keys.Where(k => k.IsAbout(violation.Key) || opKeys.Any(k.IsAbout))],
            violation,
            number);
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using ResilienceLab.History;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Formatting;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Reporting.Html;

/// <summary>
/// An inline SVG timeline of a <see cref="TimelineView"/>: round ticks; a labelled row of chaos faults (action, target,
/// role) joined to the lane they hit; one lane per process that did something (lock holds "hold", leadership terms
/// "term", faults in force "fault", losses "lost"); key lanes (see <see cref="KeyLane"/>); and violations in red (the
/// only red on the page): the violating operations where they happened ("violation-op") and the checker's span
/// ("violation"). A zoomed view also draws every operation of its processes ("op"), and for a linearizability failure
/// the linearized prefix in order ("op lin") and what could not be placed ("violation-op"). Every shape carries a
/// &lt;title&gt;, so hovering explains it without script.
/// </summary>
internal static partial class SvgTimeline
{
    public const double Width = 1300;
    private const double LabelWidth = 170;
    private const double RightMargin = 36;
    private const double AxisHeight = 24;
    private const double LaneHeight = 30;
    private const double ChaosRowHeight = 14;
    private const int MaxChaosRows = 4;
    private const double CharWidth = 6.2;
    private const int MaxNumberedViolations = 12;
    private const int MaxZoomOperations = 800;

    /// <summary>The x scale of <paramref name="view"/> (what tests use to find where a time is drawn).</summary>
    public static TimelineScale Scale(TimelineModel model, TimelineView view) => new(model.Start, view.From, view.To, LabelWidth, Width - LabelWidth - RightMargin);

    public static string Render(TimelineModel model, TimelineView view)
    {
        var scale = Scale(model, view);
        var chaos = model.Chaos.Where(c => !c.IsUndo && scale.Shows(c.Time, c.Time) && view.Processes.Contains(c.Lane)).ToList();
        var chaosRows = ChaosRows(chaos, scale, out var rowCount);
        var processTop = AxisHeight + (rowCount * ChaosRowHeight) + (rowCount > 0 ? 6 : 0);
        var lanes = view.Processes.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => processTop + (x.i * LaneHeight));
        var keysTop = processTop + (view.Processes.Count * LaneHeight) + (view.Keys.Count > 0 ? 10 : 0);
        var keyTops = new List<double>();
        var y = keysTop;
        foreach (var key in view.Keys)
        {
            keyTops.Add(y);
            y += key.Height;
        }

        var height = Math.Max(y, processTop + LaneHeight) + 4;
        var svg = new StringBuilder();
        var what = view.IsZoom ? $"violation V{view.Number}, {Sec(scale.Offset(view.From))} to {Sec(scale.Offset(view.To))}" : $"the whole run, {view.Processes.Count} processes and {view.Keys.Count} keys";
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline{(view.IsZoom ? " zoom" : string.Empty)}\" width=\"{Width}\" height=\"{height:0.#}\" viewBox=\"0 0 {Width} {height:0.#}\" role=\"img\" aria-label=\"timeline of {Encode(what)}\">\n"));
        foreach (var (process, top) in lanes)
        {
            svg.Append(Invariant($"<rect class=\"lane{((int)((top - processTop) / LaneHeight) % 2 == 1 ? " alt" : string.Empty)}\" x=\"0\" y=\"{top:0.#}\" width=\"{Width}\" height=\"{LaneHeight}\"/>"));
            svg.Append(Invariant($"<text class=\"label\" x=\"{LabelWidth - 8}\" y=\"{top + 19:0.#}\" text-anchor=\"end\">{Encode(process)}</text>\n"));
        }

        for (var i = 0; i < view.Keys.Count; i++)
        {
            KeyLaneFrame(svg, view.Keys[i], keyTops[i], i);
        }

        Axis(svg, scale, height);
        Faults(svg, model, view, scale, lanes);
        Holds(svg, model, scale, lanes, view.IsZoom);
        if (view.IsZoom)
        {
            Operations(svg, model, view, scale, lanes);
        }
        else
        {
            Activity(svg, model, scale, lanes);
        }

        for (var i = 0; i < view.Keys.Count; i++)
        {
            KeyLaneContent(svg, model, view.Keys[i], keyTops[i], scale);
        }

        ChaosMarkers(svg, chaos, chaosRows, scale, lanes);
        foreach (var marker in model.Timeline.Markers.Where(m => m.Kind != "chaos" && lanes.ContainsKey(m.Process) && scale.Shows(m.Time, m.Time)))
        {
            svg.Append(Invariant($"<circle class=\"{marker.Kind}\" cx=\"{scale.X(marker.Time):0.#}\" cy=\"{lanes[marker.Process] + 18}\" r=\"4\"><title>{Encode($"{marker.Label} at {Sec(scale.Offset(marker.Time))}")}</title></circle>\n"));
        }

        Violations(svg, model, view, scale, lanes, view.Keys, keyTops, processTop, y);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Axis(StringBuilder svg, TimelineScale scale, double height)
    {
        var (from, to) = (scale.Offset(scale.From), scale.Offset(scale.To));
        var step = TimeTicks.Step(to - from);
        foreach (var offset in TimeTicks.Offsets(from, to))
        {
            var x = scale.X(scale.From.AddSeconds(offset - from));
            svg.Append(Invariant($"<line class=\"tick\" x1=\"{x:0.#}\" y1=\"{AxisHeight - 6}\" x2=\"{x:0.#}\" y2=\"{height:0.#}\"/>"));
            svg.Append(Invariant($"<text class=\"axis\" x=\"{x:0.#}\" y=\"{AxisHeight - 9}\" text-anchor=\"middle\">{TimeTicks.Label(offset, step)}</text>\n"));
        }
    }

    // Labels go on the first row where they do not overlap the previous label; past the last row, on the emptiest.
    private static List<int> ChaosRows(List<ChaosAction> chaos, TimelineScale scale, out int rowCount)
    {
        var rights = new List<double>();
        var rows = new List<int>();
        foreach (var action in chaos)
        {
            var (left, right) = LabelSpan(action, scale);
            var row = rights.FindIndex(r => r + 8 < left);
            if (row < 0 && rights.Count < MaxChaosRows)
            {
                row = rights.Count;
                rights.Add(double.MinValue);
            }
            else if (row < 0)
            {
                row = rights.IndexOf(rights.Min());
            }

            rights[row] = right;
            rows.Add(row);
        }

        rowCount = rights.Count;
        return rows;
    }

    private static (double Left, double Right) LabelSpan(ChaosAction action, TimelineScale scale)
    {
        var x = scale.X(action.Time);
        var width = action.Label.Length * CharWidth;
        return x + width > scale.Right + RightMargin ? (x - width, x) : (x, x + width);
    }

    private static void ChaosMarkers(StringBuilder svg, List<ChaosAction> chaos, List<int> rows, TimelineScale scale, Dictionary<string, double> lanes)
    {
        for (var i = 0; i < chaos.Count; i++)
        {
            var action = chaos[i];
            var x = scale.X(action.Time);
            var labelY = AxisHeight + ((rows[i] + 1) * ChaosRowHeight) - 3;
            var laneTop = lanes[action.Lane];
            var (left, _) = LabelSpan(action, scale);
            var title = Encode(ChaosTitle(action, scale));
            svg.Append(Invariant($"<g class=\"chaos-marker\"><title>{title}</title>"));
            svg.Append(Invariant($"<line class=\"chaos-link\" x1=\"{x:0.#}\" y1=\"{labelY + 2:0.#}\" x2=\"{x:0.#}\" y2=\"{laneTop + 1:0.#}\"/>"));
            svg.Append(Invariant($"<text class=\"chaos-label\" x=\"{left:0.#}\" y=\"{labelY:0.#}\">{Encode(action.Label)}</text>"));
            svg.Append(Invariant($"<path class=\"chaos\" d=\"M{x - 6:0.#},{laneTop + 1:0.#} L{x + 6:0.#},{laneTop + 1:0.#} L{x:0.#},{laneTop + 12:0.#} Z\"/></g>\n"));
        }
    }

    private static string ChaosTitle(ChaosAction action, TimelineScale scale)
    {
        var lines = new List<string> { $"{action.Label} at {Sec(scale.Offset(action.Time))}" + (action.Until is { } until ? $", undone at {Sec(scale.Offset(until))}" : string.Empty) };
        if (action.Entry.Error is { } error)
        {
            lines.Add("failed: " + error);
        }

        lines.AddRange((action.Entry.Details ?? new Dictionary<string, string>()).Select(d => $"{d.Key}: {d.Value}"));
        return string.Join("\n", lines);
    }

    private static void Faults(StringBuilder svg, TimelineModel model, TimelineView view, TimelineScale scale, Dictionary<string, double> lanes)
    {
        foreach (var action in model.Chaos.Where(c => c.Until is not null && lanes.ContainsKey(c.Lane) && scale.Shows(c.Time, c.Until!.Value)))
        {
            var (x1, x2) = (scale.X(action.Time), scale.X(action.Until!.Value));
            svg.Append(Invariant($"<rect class=\"fault\" x=\"{x1:0.#}\" y=\"{lanes[action.Lane] + 1:0.#}\" width=\"{Math.Max(x2 - x1, 1):0.#}\" height=\"{LaneHeight - 2}\"><title>{Encode($"{action.Label} in force {Sec(scale.Offset(action.Time))} → {Sec(scale.Offset(action.Until.Value))}")}</title></rect>\n"));
        }
    }

    private static void Holds(StringBuilder svg, TimelineModel model, TimelineScale scale, Dictionary<string, double> lanes, bool zoom)
    {
        var end = model.End;
        foreach (var hold in model.Timeline.Holds.Where(h => lanes.ContainsKey(h.Process) && scale.Shows(h.Acquired, h.Ended ?? end)))
        {
            Bar(svg, "hold", scale, hold.Acquired, hold.Ended ?? end, lanes[hold.Process] + (zoom ? 2 : 3), zoom ? 6 : 10, hold.Ended is null,
                $"{hold.Process} holds {hold.Lock} with token {hold.Token}: {Span(scale, hold.Acquired, hold.Ended)} ({hold.EndReason})");
        }

        foreach (var term in model.Timeline.Terms.Where(t => lanes.ContainsKey(t.Process) && scale.Shows(t.Elected, t.Ended ?? end)))
        {
            Bar(svg, "term", scale, term.Elected, term.Ended ?? end, lanes[term.Process] + (zoom ? 23 : 15), zoom ? 5 : 7, term.Ended is null,
                $"{term.Process} leads {term.Election} in term {term.Term}: {Span(scale, term.Elected, term.Ended)} ({term.EndReason})");
        }
    }

    // A zoomed view shows the operations themselves, Jepsen-style: one bar from invoke to completion, its value inside when it fits.
    private static void Operations(StringBuilder svg, TimelineModel model, TimelineView view, TimelineScale scale, Dictionary<string, double> lanes)
    {
        var lin = view.Focus?.Linearization;
        var order = lin?.Linearized.Select((o, i) => (o, i)).ToDictionary(x => x.o, x => x.i + 1) ?? [];
        var concurrent = lin?.Concurrent.ToHashSet() ?? [];
        var shown = model.History.Operations.Where(o => lanes.ContainsKey(o.Process) && scale.Shows(o.InvokeTime, o.CompleteTime ?? model.End)).Take(MaxZoomOperations);
        foreach (var op in shown)
        {
            var x1 = scale.X(op.InvokeTime);
            var width = Math.Max(scale.X(op.CompleteTime ?? model.End) - x1, 2);
            var top = lanes[op.Process] + 10;
            var kind = order.ContainsKey(op) ? "op lin" : concurrent.Contains(op) ? "op concurrent" : "op " + op.Outcome.ToString().ToLowerInvariant();
            var title = HistoryText.Describe(model.History, op) + (order.TryGetValue(op, out var n) ? $"\nlinearized #{n} of the longest linearizable prefix" : string.Empty);
            svg.Append(Invariant($"<rect class=\"{kind}\" x=\"{x1:0.#}\" y=\"{top:0.#}\" width=\"{width:0.#}\" height=\"11\"><title>{Encode(title)}</title></rect>"));
            var text = (n > 0 ? $"#{n} " : string.Empty) + Short(op);
            if (text.Length * CharWidth < width - 4)
            {
                svg.Append(Invariant($"<text class=\"op-text\" x=\"{x1 + 3:0.#}\" y=\"{top + 9:0.#}\">{Encode(text)}</text>"));
            }
            else if (n > 0)
            {
                svg.Append(Invariant($"<text class=\"op-order\" x=\"{x1 + (width / 2):0.#}\" y=\"{top - 1:0.#}\" text-anchor=\"middle\">{n}</text>"));
            }

            svg.Append('\n');
        }
    }

    // The overview marks each completed operation as a thin tick at the lane's foot: a process's activity at a glance
    // (a lane with only ticks is a replica that worked without holding anything); the operations themselves are in the zoomed views.
    private static void Activity(StringBuilder svg, TimelineModel model, TimelineScale scale, Dictionary<string, double> lanes)
    {
        foreach (var group in model.History.Operations.Where(o => o.CompleteTime is not null && lanes.ContainsKey(o.Process)).GroupBy(o => o.Process))
        {
            // One tick per pixel column is all the eye can tell apart.
            var y = lanes[group.Key] + 24;
            var path = new StringBuilder();
            foreach (var x in group.Select(o => (int)scale.X(o.InvokeTime)).Distinct())
            {
                path.Append(Invariant($"M{x},{y:0.#}v4"));
            }

            svg.Append(Invariant($"<path class=\"activity\" d=\"{path}\"><title>{Encode($"{group.Key}: {group.Count()} completed operation(s)")}</title></path>\n"));
        }
    }

    private static void Violations(StringBuilder svg, TimelineModel model, TimelineView view, TimelineScale scale, Dictionary<string, double> lanes, IReadOnlyList<KeyLane> keys, List<double> keyTops, double processTop, double bottom)
    {
        List<(Violation Violation, int Number)> violations = view.Focus is { } focus ? [(focus, view.Number)] : [.. model.Violations.Select((v, i) => (v, i + 1))];
        foreach (var (violation, number) in violations)
        {
            var title = $"V{number} [{violation.Check}/{violation.Kind}] {violation.Message}";
            if (scale.Shows(violation.Start, violation.End))
            {
                var x1 = scale.X(violation.Start);
                var w = Math.Max(scale.X(violation.End) - x1, 3);
                foreach (var process in violation.Processes.Where(lanes.ContainsKey).DefaultIfEmpty())
                {
                    var (top, h) = process is null ? (processTop, bottom - processTop) : (lanes[process] + 1, LaneHeight - 2);
                    svg.Append(Invariant($"<rect class=\"violation\" x=\"{x1:0.#}\" y=\"{top:0.#}\" width=\"{w:0.#}\" height=\"{h:0.#}\"><title>{Encode(title)}</title></rect>\n"));
                }
            }

            var ops = violation.Operations.Concat(violation.Linearization?.Unplaced ?? []).Distinct().ToList();
            var labelled = false;
            foreach (var op in ops.Where(o => scale.Shows(o.InvokeTime, o.CompleteTime ?? model.End)))
            {
                var x1 = scale.X(op.InvokeTime);
                var w = Math.Max(scale.X(op.CompleteTime ?? model.End) - x1, 4);
                var opTitle = Encode($"V{number}: {HistoryText.Describe(model.History, op)}\n{title}");
                if (lanes.TryGetValue(op.Process, out var top))
                {
                    svg.Append(Invariant($"<rect class=\"violation-op\" x=\"{x1:0.#}\" y=\"{top + (view.IsZoom ? 9 : 3):0.#}\" width=\"{w:0.#}\" height=\"{(view.IsZoom ? 13 : LaneHeight - 6)}\"><title>{opTitle}</title></rect>\n"));
                    if (view.IsZoom && Short(op).Length * CharWidth < w - 4)
                    {
                        svg.Append(Invariant($"<text class=\"op-text bad\" x=\"{x1 + 3:0.#}\" y=\"{top + 19:0.#}\">{Encode(Short(op))}</text>\n"));
                    }
                    if (!labelled && number <= MaxNumberedViolations)
                    {
                        svg.Append(Invariant($"<text class=\"violation-label\" x=\"{x1 + w + 3:0.#}\" y=\"{top + 11:0.#}\">V{number}</text>\n"));
                        labelled = true;
                    }
                }

                for (var i = 0; i < keys.Count; i++)
                {
                    if (keys[i].IsAbout(op.Key))
                    {
                        svg.Append(Invariant($"<rect class=\"violation-op key\" x=\"{x1:0.#}\" y=\"{keyTops[i] + keys[i].Height - 7:0.#}\" width=\"{w:0.#}\" height=\"5\"><title>{opTitle}</title></rect>\n"));
                    }
                }
            }
        }
    }

    private static void Bar(StringBuilder svg, string kind, TimelineScale scale, DateTimeOffset start, DateTimeOffset end, double y, double height, bool open, string title, string? text = null)
    {
        var x = scale.X(start);
        var width = Math.Max(scale.X(end) - x, 2);
        svg.Append(Invariant($"<rect class=\"{kind}\" data-open=\"{(open ? "true" : "false")}\" x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{width:0.#}\" height=\"{height:0.#}\" rx=\"2\"><title>{Encode(title)}</title></rect>\n"));
        if (text is not null && text.Length * CharWidth < width - 4)
        {
            svg.Append(Invariant($"<text class=\"bar-text\" x=\"{x + 3:0.#}\" y=\"{y + height - 3:0.#}\">{Encode(text)}</text>\n"));
        }
    }

    /// <summary>An operation in a few characters: "inc→5", "read 257", "step 12 t4", "acquire t4".</summary>
    private static string Short(Operation op) => op.Op switch
    {
        HistoryOps.CounterIncrement => op.Value is null ? "inc" : $"inc→{op.Value}",
        HistoryOps.CounterRead or HistoryOps.RegisterRead => $"read {op.Value}",
        HistoryOps.RegisterWrite => $"write {op.Value}",
        HistoryOps.RegisterCas => $"cas {op.Expected}→{op.Value}",
        HistoryOps.TaskCommit => $"step {op.Value} t{op.Token}",
        HistoryOps.LockAcquire => $"acquire t{op.Token}",
        HistoryOps.LeaderCampaign => $"campaign t{op.Token}",
        HistoryOps.LeaderHeartbeat => $"beat t{op.Token}",
        _ => op.Op,
    } + (op.Outcome == OperationOutcome.Ok ? string.Empty : $" ({op.Outcome.ToString().ToLowerInvariant()})");

    private static string Span(TimelineScale scale, DateTimeOffset start, DateTimeOffset? end) =>
        $"{Sec(scale.Offset(start))} → " + (end is { } e ? Sec(scale.Offset(e)) : "end of history");

    private static string Sec(double offset) => "+" + offset.ToString("0.000", CultureInfo.InvariantCulture) + "s";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Text;

namespace ResilienceLab.Reporting.Html;

/// <summary>The key lanes: lock holds by token, terms by number, a task's committed step, a counter's acknowledged value against the store's.</summary>
internal static partial class SvgTimeline
{
    private static void KeyLaneFrame(StringBuilder svg, KeyLane key, double top, int index)
    {
        svg.Append(Invariant($"<rect class=\"lane key{(index % 2 == 1 ? " alt" : string.Empty)}\" x=\"0\" y=\"{top:0.#}\" width=\"{Width}\" height=\"{key.Height:0.#}\"/>"));
        svg.Append(Invariant($"<text class=\"label key-label\" x=\"{LabelWidth - 8}\" y=\"{top + 15:0.#}\" text-anchor=\"end\">{Encode(key.Title)}</text>\n"));
        if (key.Kind == KeyLaneKind.Counter)
        {
            svg.Append(Invariant($"<text class=\"legend-ack\" x=\"{LabelWidth - 8}\" y=\"{top + 30:0.#}\" text-anchor=\"end\">— acknowledged</text>"));
            svg.Append(Invariant($"<text class=\"legend-store\" x=\"{LabelWidth - 8}\" y=\"{top + 43:0.#}\" text-anchor=\"end\">— store value</text>\n"));
        }
        else if (key.Kind == KeyLaneKind.Task)
        {
            svg.Append(Invariant($"<text class=\"legend-steps\" x=\"{LabelWidth - 8}\" y=\"{top + 29:0.#}\" text-anchor=\"end\">committed step</text>\n"));
        }
    }

    private static void KeyLaneContent(StringBuilder svg, TimelineModel model, KeyLane key, double top, TimelineScale scale)
    {
        switch (key.Kind)
        {
            case KeyLaneKind.Lock:
                for (var i = 0; i < key.Holds.Count; i++)
                {
                    var hold = key.Holds[i];
                    if (scale.Shows(hold.Acquired, hold.Ended ?? model.End))
                    {
                        Bar(svg, "hold", scale, hold.Acquired, hold.Ended ?? model.End, top + 4 + (key.Rows[i] * 14), 12, hold.Ended is null,
                            $"{key.Key}: token {hold.Token} held by {hold.Process}, {Span(scale, hold.Acquired, hold.Ended)} ({hold.EndReason})", $"t{hold.Token} {hold.Process}");
                    }
                }

                break;
            case KeyLaneKind.Election:
                for (var i = 0; i < key.Terms.Count; i++)
                {
                    var term = key.Terms[i];
                    if (!scale.Shows(term.Elected, term.Ended ?? model.End))
                    {
                        continue;
                    }

                    Bar(svg, "term" + (term.Term % 2 == 0 ? " even" : string.Empty), scale, term.Elected, term.Ended ?? model.End, top + 4 + (key.Rows[i] * 14), 12, term.Ended is null,
                        $"{key.Key}: term {term.Term} led by {term.Process}, {Span(scale, term.Elected, term.Ended)} ({term.EndReason})", $"term {term.Term} {term.Process}");
                }

                break;
            case KeyLaneKind.Task:
                Series(svg, "steps", key.Values, InWindow(key.Values, scale).Max(), top + 4, key.Height - 8, scale, model.End);
                if (key.Values.Count > 0)
                {
                    svg.Append(Invariant($"<text class=\"series-end\" x=\"{scale.Right + 2:0.#}\" y=\"{top + 14:0.#}\">{AtEnd(key.Values, scale)}</text>\n"));
                }

                break;
            case KeyLaneKind.Counter:
                var max = Math.Max(InWindow(key.Acknowledged, scale).Max(), InWindow(key.Values, scale).Max());
                Series(svg, "ack", key.Acknowledged, max, top + 4, key.Height - 8, scale, model.End);
                Series(svg, "store", key.Values, max, top + 4, key.Height - 8, scale, model.End);
                var lost = model.Violations.Any(v => v.Check == "lost-updates" && v.Key == key.Key);
                if (lost && key.Diverged is { } diverged && scale.Shows(diverged, diverged))
                {
                    var x = scale.X(diverged);
                    svg.Append(Invariant($"<line class=\"diverged\" x1=\"{x:0.#}\" y1=\"{top + 2:0.#}\" x2=\"{x:0.#}\" y2=\"{top + key.Height - 2:0.#}\"><title>{Encode($"{key.Key}: from {Sec(scale.Offset(diverged))} the store holds less than the acknowledged increments add up to")}</title></line>"));
                    svg.Append(Invariant($"<text class=\"violation-label\" x=\"{x + 4:0.#}\" y=\"{top + key.Height - 6:0.#}\">diverged at {Sec(scale.Offset(diverged))}</text>\n"));
                }

                if (key.Acknowledged.Count > 0 && key.Values.Count > 0)
                {
                    svg.Append(Invariant($"<text class=\"series-end\" x=\"{scale.Right + 2:0.#}\" y=\"{top + 14:0.#}\">{AtEnd(key.Acknowledged, scale)}</text>"));
                    svg.Append(Invariant($"<text class=\"series-end store\" x=\"{scale.Right + 2:0.#}\" y=\"{top + 40:0.#}\">{AtEnd(key.Values, scale)}</text>\n"));
                }

                break;
        }
    }

    // The value in force at the window's right edge (what the series' end label shows).
    private static long AtEnd(IReadOnlyList<TimePoint> points, TimelineScale scale) =>
        points.LastOrDefault(p => p.Time <= scale.To)?.Value ?? points[0].Value;

    // The values a window shows (its points, and the value in force at its start), so a zoomed view scales to them.
    private static IEnumerable<long> InWindow(IReadOnlyList<TimePoint> points, TimelineScale scale) =>
        points.Where(p => p.Time >= scale.From && p.Time <= scale.To).Select(p => p.Value)
            .Concat(points.LastOrDefault(p => p.Time < scale.From) is { } before ? [before.Value] : [])
            .DefaultIfEmpty(1);

    // A step line: each value holds until the next point; drawn only across the window.
    private static void Series(StringBuilder svg, string kind, IReadOnlyList<TimePoint> points, long max, double top, double height, TimelineScale scale, DateTimeOffset end)
    {
        if (points.Count == 0)
        {
            return;
        }

        double Y(long value) => top + height - (Math.Max(value, 0) / (double)Math.Max(max, 1) * height);
        var path = new StringBuilder();
        var previous = (long?)null;
        foreach (var point in points.Where(p => p.Time <= scale.To))
        {
            var x = scale.X(point.Time);
            path.Append(previous is null ? Invariant($"M{x:0.#},{Y(point.Value):0.#}") : Invariant($" H{x:0.#} V{Y(point.Value):0.#}"));
            previous = point.Value;
        }

        if (previous is null)
        {
            return;
        }

        path.Append(Invariant($" H{scale.X(end < scale.To ? end : scale.To):0.#}"));
        svg.Append(Invariant($"<path class=\"series {kind}\" d=\"{path}\"><title>{Encode($"{kind}: {points.Count} point(s), last {points[^1].Value} at {Sec(scale.Offset(points[^1].Time))}")}</title></path>\n"));
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Timeline;

namespace ResilienceLab.Reporting.Html;

/// <summary>
/// The inline SVG timeline: one lane per process with lock holds (class "hold", one rect per hold),
/// leadership terms ("term"), chaos actions ("chaos"), losses ("lost") and violations ("violation",
/// the only red on the page). Every shape carries a &lt;title&gt;, so hovering explains it without script.
/// </summary>
internal static class SvgTimeline
{
    public const double Width = 1300;
    private const double LabelWidth = 150;
    private const double RightMargin = 20;
    private const double AxisHeight = 26;
    private const double LaneHeight = 30;
    private const int Ticks = 10;

    public static string Render(Verdict verdict, HistoryTimeline timeline)
    {
        var lanes = timeline.Processes.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var height = AxisHeight + (Math.Max(lanes.Count, 1) * LaneHeight) + 6;
        var scale = new TimelineScale(timeline.Start, timeline.End, LabelWidth, Width - LabelWidth - RightMargin);
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"timeline of {lanes.Count} processes\">\n"));
        Axis(svg, scale, height);
        foreach (var (process, index) in lanes)
        {
            var top = LaneTop(index);
            svg.Append(Invariant($"<rect class=\"lane{(index % 2 == 1 ? " alt" : string.Empty)}\" x=\"0\" y=\"{top}\" width=\"{Width}\" height=\"{LaneHeight}\"/>"));
            svg.Append(Invariant($"<text class=\"label\" x=\"{LabelWidth - 8}\" y=\"{top + 19}\" text-anchor=\"end\">{Encode(process)}</text>\n"));
        }

        foreach (var hold in timeline.Holds)
        {
            if (lanes.TryGetValue(hold.Process, out var lane))
            {
                var end = hold.Ended ?? timeline.End;
                Bar(svg, "hold", scale, hold.Acquired, end, LaneTop(lane) + 4, 11, hold.Ended is null,
                    $"{hold.Process} holds {hold.Lock} with token {hold.Token}: {Span(scale, hold.Acquired, hold.Ended)} ({hold.EndReason})");
            }
        }

        foreach (var term in timeline.Terms)
        {
            if (lanes.TryGetValue(term.Process, out var lane))
            {
                var end = term.Ended ?? timeline.End;
                Bar(svg, "term", scale, term.Elected, end, LaneTop(lane) + 18, 8, term.Ended is null,
                    $"{term.Process} leads {term.Election} in term {term.Term}: {Span(scale, term.Elected, term.Ended)} ({term.EndReason})");
            }
        }

        foreach (var marker in timeline.Markers)
        {
            if (lanes.TryGetValue(marker.Process, out var lane))
            {
                var x = scale.X(marker.Time);
                var top = LaneTop(lane);
                var title = $"<title>{Encode($"{marker.Label} at +{scale.Offset(marker.Time):0.000}s")}</title>";
                svg.Append(marker.Kind == "chaos"
                    ? Invariant($"<path class=\"chaos\" d=\"M{x - 6:0.#},{top + 1} L{x + 6:0.#},{top + 1} L{x:0.#},{top + 12} Z\">{title}</path>\n")
                    : Invariant($"<circle class=\"{marker.Kind}\" cx=\"{x:0.#}\" cy=\"{top + 22}\" r=\"4\">{title}</circle>\n"));
            }
        }

        foreach (var violation in verdict.Results.SelectMany(r => r.Violations))
        {
            var x1 = scale.X(violation.Start);
            var w = Math.Max(scale.X(violation.End) - x1, 4);
            var title = $"<title>{Encode($"[{violation.Check}/{violation.Kind}] {violation.Message}")}</title>";
            var involved = violation.Processes.Where(lanes.ContainsKey).ToList();
            if (involved.Count == 0)
            {
                svg.Append(Invariant($"<rect class=\"violation\" x=\"{x1:0.#}\" y=\"{AxisHeight}\" width=\"{w:0.#}\" height=\"{lanes.Count * LaneHeight}\">{title}</rect>\n"));
            }

            foreach (var process in involved)
            {
                svg.Append(Invariant($"<rect class=\"violation\" x=\"{x1:0.#}\" y=\"{LaneTop(lanes[process]) + 1}\" width=\"{w:0.#}\" height=\"{LaneHeight - 2}\">{title}</rect>\n"));
            }
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static double LaneTop(int lane) => AxisHeight + (lane * LaneHeight);

    private static void Axis(StringBuilder svg, TimelineScale scale, double height)
    {
        for (var i = 0; i <= Ticks; i++)
        {
            var x = scale.Left + (scale.Width * i / Ticks);
            var seconds = scale.Seconds * i / Ticks;
            svg.Append(Invariant($"<line class=\"tick\" x1=\"{x:0.#}\" y1=\"{AxisHeight - 4}\" x2=\"{x:0.#}\" y2=\"{height}\"/>"));
            svg.Append(Invariant($"<text class=\"axis\" x=\"{x:0.#}\" y=\"{AxisHeight - 8}\" text-anchor=\"middle\">+{seconds:0.###}s</text>\n"));
        }
    }

    private static void Bar(StringBuilder svg, string kind, TimelineScale scale, DateTimeOffset start, DateTimeOffset end, double y, double height, bool open, string title)
    {
        var x = scale.X(start);
        var width = Math.Max(scale.X(end) - x, 2);
        svg.Append(Invariant($"<rect class=\"{kind}\" data-open=\"{(open ? "true" : "false")}\" x=\"{x:0.#}\" y=\"{y}\" width=\"{width:0.#}\" height=\"{height}\" rx=\"2\"><title>{Encode(title)}</title></rect>\n"));
    }

    private static string Span(TimelineScale scale, DateTimeOffset start, DateTimeOffset? end) =>
        $"+{scale.Offset(start):0.000}s → " + (end is { } e ? $"+{scale.Offset(e):0.000}s" : "end of history");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Net;
using System.Text;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Timeline;

namespace ResilienceLab.Reporting.Html;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no script, no external resource) with the
/// verdict, the timeline and the counterexamples. Red is reserved for failures and violations.
/// </summary>
internal static class HtmlReport
{
    private const string Css = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 16px 24px; color: #1f2937; background: #ffffff; }
        h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 18px 0 6px; }
        .meta { color: #4b5563; margin: 0 0 8px; }
        .badge { display: inline-block; padding: 1px 10px; border-radius: 10px; color: #ffffff; font-size: 13px; vertical-align: middle; }
        .badge.passed { background: #15803d; } .badge.failed { background: #dc2626; } .badge.inconclusive { background: #b45309; }
        .legend { display: flex; gap: 18px; margin: 4px 0 6px; font-size: 13px; }
        .legend span::before { content: ""; display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: middle; border-radius: 2px; }
        .legend .l-hold::before { background: #2563eb; } .legend .l-term::before { background: #16a34a; }
        .legend .l-chaos::before { background: #f59e0b; } .legend .l-lost::before { background: #6b7280; border-radius: 5px; width: 10px; }
        .legend .l-violation::before { background: #fde2e2; border: 2px solid #dc2626; }
        svg.timeline { display: block; border: 1px solid #e5e7eb; background: #ffffff; }
        svg .lane { fill: #ffffff; } svg .lane.alt { fill: #f6f7f9; }
        svg .label { font-size: 12px; fill: #111827; } svg .axis { font-size: 11px; fill: #6b7280; }
        svg .tick { stroke: #e5e7eb; stroke-width: 1; }
        svg .hold { fill: #2563eb; } svg .term { fill: #16a34a; }
        svg .hold[data-open="true"], svg .term[data-open="true"] { fill-opacity: 0.55; }
        svg .chaos { fill: #f59e0b; stroke: #92400e; stroke-width: 0.5; } svg .lost { fill: #6b7280; }
        svg .violation { fill: #dc2626; fill-opacity: 0.15; stroke: #dc2626; stroke-width: 2; }
        table { border-collapse: collapse; width: 100%; max-width: 1300px; }
        th, td { text-align: left; border-bottom: 1px solid #e5e7eb; padding: 4px 8px; vertical-align: top; }
        td.status-passed { color: #15803d; } td.status-failed { color: #dc2626; font-weight: 600; } td.status-inconclusive { color: #b45309; }
        td:first-child, td:last-child { white-space: nowrap; }
        pre { background: #f3f4f6; padding: 8px 10px; font-size: 12px; max-width: 1280px; white-space: pre-wrap; overflow-wrap: anywhere; }
        """;

    public static string Render(Verdict verdict)
    {
        var timeline = HistoryTimeline.Build(verdict.History);
        var hasViolations = verdict.Results.Any(r => r.Violations.Count > 0);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(Invariant($"<title>reslab check: {E(verdict.Metadata.Name)} — {Word(verdict.Status)}</title>\n<style>\n{Css}\n</style>\n</head>\n<body>\n"));
        html.Append(Invariant($"<header>\n<h1>reslab check: {E(verdict.Metadata.Name)} <span class=\"badge {Class(verdict.Status)}\">{Word(verdict.Status)}</span></h1>\n"));
        html.Append(Invariant($"<p class=\"meta\">{verdict.History.Count} history entries, {timeline.Processes.Count} processes, {timeline.Holds.Count} lock holds, {timeline.Terms.Count} leadership terms, {timeline.Markers.Count(m => m.Kind == "chaos")} chaos events"));
        if (verdict.History.Start is { } start)
        {
            html.Append(Invariant($"; t=0 is {start.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z"));
        }

        if (verdict.Metadata.GeneratedAt is { } generated)
        {
            html.Append(Invariant($"; checked {generated.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z"));
        }

        html.Append(".</p>\n</header>\n<section>\n<h2>Timeline</h2>\n<div class=\"legend\"><span class=\"l-hold\">lock hold</span><span class=\"l-term\">leadership term</span><span class=\"l-chaos\">chaos action</span><span class=\"l-lost\">lock/leadership lost</span>");
        if (hasViolations)
        {
            html.Append("<span class=\"l-violation\">violation</span>");
        }

        html.Append("</div>\n").Append(SvgTimeline.Render(verdict, timeline)).Append("\n</section>\n");
        html.Append("<section>\n<h2>Checks</h2>\n<table>\n<thead><tr><th>check</th><th>status</th><th>summary</th><th>time</th></tr></thead>\n<tbody>\n");
        foreach (var result in verdict.Results)
        {
            html.Append(Invariant($"<tr><td>{E(result.Name)}</td><td class=\"status-{Class(result.Status)}\">{Word(result.Status)}</td><td>{E(result.Summary)}</td><td>{(result.Elapsed is { } t ? $"{t.TotalMilliseconds:0} ms" : string.Empty)}</td></tr>\n"));
        }

        html.Append("</tbody>\n</table>\n</section>\n");
        foreach (var result in verdict.Results.Where(r => r.Status != CheckStatus.Passed && r.Counterexample is not null))
        {
            html.Append(Invariant($"<section>\n<h2>{E(result.Name)}: {Word(result.Status)}</h2>\n<pre>{E(result.Counterexample!)}</pre>\n</section>\n"));
        }

        if (verdict.Warnings.Count > 0)
        {
            html.Append("<section>\n<h2>Warnings</h2>\n<ul>\n");
            foreach (var warning in verdict.Warnings)
            {
                html.Append(Invariant($"<li><code>{E(warning.ToString())}</code></li>\n"));
            }

            html.Append("</ul>\n</section>\n");
        }

        html.Append("<section>\n<h2>Run</h2>\n<ul>\n");
        foreach (var source in verdict.Metadata.Sources)
        {
            html.Append(Invariant($"<li>source: <code>{E(source)}</code></li>\n"));
        }

        foreach (var (key, value) in verdict.Metadata.Properties)
        {
            html.Append(Invariant($"<li>{E(key)}: <code>{E(value)}</code></li>\n"));
        }

        html.Append("</ul>\n</section>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Word(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "PASSED",
        CheckStatus.Failed => "FAILED",
        _ => "INCONCLUSIVE",
    };

    private static string Class(CheckStatus status) => status.ToString().ToLowerInvariant();

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

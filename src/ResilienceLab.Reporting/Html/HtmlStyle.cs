using System.Globalization;
using System.Net;
using ResilienceLab.Verification;

namespace ResilienceLab.Reporting.Html;

/// <summary>
/// The one stylesheet and the small helpers every HTML page shares. Red (#dc2626) is reserved for failures and
/// violations; amber for chaos; blue for locks and the store; green for leadership and passing.
/// </summary>
internal static class HtmlStyle
{
    public const string Css = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 16px 24px; color: #1f2937; background: #ffffff; }
        h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 18px 0 6px; } h3 { font-size: 14px; margin: 14px 0 4px; }
        .meta { color: #4b5563; margin: 0 0 8px; }
        .figures { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 8px 0; }
        .figures div { font-size: 13px; color: #4b5563; } .figures b { display: block; font-size: 18px; color: #111827; }
        .first { border-left: 4px solid #dc2626; padding: 4px 10px; background: #fef2f2; max-width: 1280px; white-space: pre-wrap; overflow-wrap: anywhere; }
        .badge { display: inline-block; padding: 1px 10px; border-radius: 10px; color: #ffffff; font-size: 13px; vertical-align: middle; }
        .badge.passed { background: #15803d; } .badge.failed { background: #dc2626; } .badge.inconclusive { background: #b45309; }
        .legend { display: flex; flex-wrap: wrap; gap: 18px; margin: 4px 0 6px; font-size: 13px; }
        .legend span::before { content: ""; display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: middle; border-radius: 2px; }
        .legend .l-hold::before { background: #2563eb; } .legend .l-term::before { background: #16a34a; }
        .legend .l-chaos::before { background: #f59e0b; } .legend .l-fault::before { background: #fde68a; }
        .legend .l-lost::before { background: #6b7280; border-radius: 5px; width: 10px; }
        .legend .l-op::before { background: #9ca3af; } .legend .l-lin::before { background: #7c3aed; }
        .legend .l-violation::before { background: #dc2626; }
        svg.timeline { display: block; border: 1px solid #e5e7eb; background: #ffffff; }
        svg .lane { fill: #ffffff; } svg .lane.alt { fill: #f6f7f9; } svg .lane.key { fill: #fbfbfd; } svg .lane.key.alt { fill: #f3f4f8; }
        svg .label { font-size: 12px; fill: #111827; } svg .key-label { font-size: 11px; fill: #374151; } svg .axis { font-size: 11px; fill: #4b5563; }
        svg .tick { stroke: #e5e7eb; stroke-width: 1; }
        svg .hold { fill: #2563eb; } svg .term { fill: #16a34a; } svg .term.even { fill: #15803d; }
        svg .hold[data-open="true"], svg .term[data-open="true"] { fill-opacity: 0.55; }
        svg .bar-text { font-size: 10px; fill: #ffffff; pointer-events: none; }
        svg .chaos { fill: #f59e0b; stroke: #92400e; stroke-width: 0.5; } svg .chaos-label { font-size: 11px; fill: #92400e; }
        svg .chaos-link { stroke: #d97706; stroke-width: 1; stroke-dasharray: 2 2; } svg .fault { fill: #fde68a; fill-opacity: 0.6; }
        svg .lost { fill: #6b7280; } svg .activity { stroke: #9ca3af; stroke-width: 1; }
        svg .op { stroke: #6b7280; stroke-width: 0.5; } svg .op.ok { fill: #d1d5db; } svg .op.fail { fill: #f3f4f6; } svg .op.info { fill: #f3f4f6; stroke-dasharray: 2 2; }
        svg .op.lin { fill: #7c3aed; } svg .op.concurrent { fill: #fde68a; stroke: #b45309; }
        svg .op-text { font-size: 10px; fill: #111827; pointer-events: none; } svg .op-text.bad { fill: #ffffff; } svg .op-order { font-size: 10px; fill: #5b21b6; }
        svg .series { fill: none; stroke-width: 1.6; } svg .series.steps { stroke: #1e3a8a; } svg .series.ack { stroke: #111827; } svg .series.store { stroke: #2563eb; }
        svg .series-end { font-size: 10px; fill: #111827; } svg .series-end.store { fill: #2563eb; }
        svg .legend-ack { font-size: 10px; fill: #111827; } svg .legend-store { font-size: 10px; fill: #2563eb; } svg .legend-steps { font-size: 10px; fill: #1e3a8a; }
        svg .violation { fill: #dc2626; fill-opacity: 0.12; stroke: #dc2626; stroke-width: 1.5; }
        svg .violation-op { fill: #dc2626; stroke: #991b1b; stroke-width: 0.5; } svg .violation-label { font-size: 11px; font-weight: 600; fill: #dc2626; }
        svg .diverged { stroke: #dc2626; stroke-width: 1.5; stroke-dasharray: 4 2; }
        svg .bin { fill: #2563eb; } svg .pct { stroke: #111827; stroke-width: 1; stroke-dasharray: 3 2; } svg .pct-label { font-size: 10px; fill: #111827; }
        svg .seed.passed { fill: #16a34a; } svg .seed.failed { fill: #dc2626; } svg .seed.inconclusive { fill: #b45309; }
        table { border-collapse: collapse; width: 100%; max-width: 1300px; }
        th, td { text-align: left; border-bottom: 1px solid #e5e7eb; padding: 4px 8px; vertical-align: top; }
        td.status-passed { color: #15803d; } td.status-failed { color: #dc2626; font-weight: 600; } td.status-inconclusive { color: #b45309; }
        td:first-child, td:last-child { white-space: nowrap; }
        ol.ops { font: 12px/1.4 ui-monospace, monospace; margin: 4px 0; } ol.ops li.unplaced { color: #dc2626; font-weight: 600; }
        pre { background: #f3f4f6; padding: 8px 10px; font-size: 12px; max-width: 1280px; white-space: pre-wrap; overflow-wrap: anywhere; }
        .caption { color: #4b5563; font-size: 12px; margin: 4px 0; }
        @media print {
          @page { size: A4 landscape; margin: 10mm; }
          body { margin: 0; font-size: 11px; }
          svg.timeline, svg.chart { max-width: 100%; height: auto; }
          section, .violation-view, tr { break-inside: avoid; }
          .badge, .first, svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          a { color: inherit; }
        }
        """;

    public static string Word(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "PASSED",
        CheckStatus.Failed => "FAILED",
        _ => "INCONCLUSIVE",
    };

    public static string Class(CheckStatus status) => status.ToString().ToLowerInvariant();

    public static string E(string text) => WebUtility.HtmlEncode(text);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Text;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Formatting;
using ResilienceLab.Verification.Recovery;
using static ResilienceLab.Reporting.Html.HtmlStyle;

namespace ResilienceLab.Reporting.Html;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no script, no external resource) read top-down: the
/// verdict and key figures, the first violation, the whole-run timeline, a zoomed timeline per violation (with the
/// linearized prefix and the operations that could not be placed, for a linearizability failure), then the checks.
/// </summary>
internal static class HtmlReport
{
    // Zoomed views beyond this add length, not insight: the rest are listed with their messages.
    private const int MaxZoomedViolations = 8;

    // The tail of a linearized prefix that explains the failure; the whole order can be thousands long.
    private const int PrefixTailShown = 12;

    public static string Render(Verdict verdict)
    {
        var model = TimelineModel.Build(verdict);
        var recovery = RecoveryFigures.Measure(model.History);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(Invariant($"<title>reslab check: {E(verdict.Metadata.Name)} — {Word(verdict.Status)}</title>\n<style>\n{Css}\n</style>\n</head>\n<body>\n"));
        html.Append(Invariant($"<header>\n<h1>reslab check: {E(verdict.Metadata.Name)} <span class=\"badge {Class(verdict.Status)}\">{Word(verdict.Status)}</span></h1>\n"));
        html.Append(Invariant($"<p class=\"meta\">{verdict.History.Count} history entries over {(model.End - model.Start).TotalSeconds:0.###} s"));
        if (verdict.History.Start is { } start)
        {
            html.Append(Invariant($"; t=0 is {start.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z"));
        }

        if (verdict.Metadata.GeneratedAt is { } generated)
        {
            html.Append(Invariant($"; checked {generated.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z"));
        }

        html.Append(".</p>\n</header>\n");
        Figures(html, verdict, model, recovery);
        if (model.Violations.Count > 0)
        {
            var first = model.Violations[0];
            html.Append(Invariant($"<p class=\"first\"><b>First violation (V1, {E(first.Check)}/{E(first.Kind)}):</b> {E(first.Message)}</p>\n"));
        }

        html.Append("<section>\n<h2>Timeline</h2>\n");
        Legend(html, model.Violations.Count > 0, zoom: false);
        html.Append(SvgTimeline.Render(model, TimelineView.Overview(model))).Append('\n');
        var leftOut = model.Timeline.Processes.Except(model.Processes).ToList();
        html.Append(Invariant($"<p class=\"caption\">Lanes for the {model.Processes.Count} processes that did something{(leftOut.Count == 0 ? string.Empty : $" (left out, with no operation and no fault of their own: {E(string.Join(", ", leftOut.Take(8)))}{(leftOut.Count > 8 ? ", …" : string.Empty)})")}, then one lane per key: a task's committed step, a counter's acknowledged increments against the store's value, terms by number, lock holds by fencing token"));
        html.Append(model.KeysLeftOut > 0 ? Invariant($" ({model.KeysLeftOut} more keys left out)") : string.Empty).Append(". Hover any shape for its details.</p>\n</section>\n");
        Violations(html, model);
        Checks(html, verdict);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Figures(StringBuilder html, Verdict verdict, TimelineModel model, RecoveryFigures recovery)
    {
        static string Figure(string name, string value) => Invariant($"<div><b>{E(value)}</b>{E(name)}</div>");
        html.Append("<div class=\"figures\">");
        html.Append(Figure("checks failed", $"{verdict.Results.Count(r => r.Status == CheckStatus.Failed)} of {verdict.Results.Count}"));
        html.Append(Figure("violations", model.Violations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        html.Append(Figure("chaos faults", model.Chaos.Count(c => !c.IsUndo).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        html.Append(Figure("operations", model.History.Operations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        html.Append(Figure("lock take-over (max)", Max(recovery.TakeOver, recovery.TakeOverMissing)));
        html.Append(Figure("leader failover (max)", Max(recovery.Failover, recovery.FailoverMissing)));
        html.Append(Figure("task resumption (max)", Max(recovery.Resumption, 0)));
        html.Append("</div>\n");
    }

    private static string Max(IReadOnlyList<TimeSpan> samples, int missing) =>
        (samples.Count == 0 ? "—" : HistoryText.Seconds(samples.Max())) + (missing > 0 ? Invariant($" ({missing} never)") : string.Empty);

    private static void Legend(StringBuilder html, bool violations, bool zoom)
    {
        html.Append("<div class=\"legend\"><span class=\"l-hold\">lock hold</span><span class=\"l-term\">leadership term</span><span class=\"l-chaos\">chaos fault</span><span class=\"l-fault\">fault in force</span><span class=\"l-lost\">lock/leadership lost</span>");
        html.Append(zoom ? "<span class=\"l-op\">operation</span><span class=\"l-lin\">linearized (in order)</span>" : string.Empty);
        html.Append(violations ? "<span class=\"l-violation\">violation</span>" : string.Empty).Append("</div>\n");
    }

    private static void Violations(StringBuilder html, TimelineModel model)
    {
        if (model.Violations.Count == 0)
        {
            return;
        }

        html.Append(Invariant($"<section>\n<h2>Violations ({model.Violations.Count})</h2>\n"));
        for (var i = 0; i < model.Violations.Count; i++)
        {
            var v = model.Violations[i];
            html.Append(Invariant($"<div class=\"violation-view\" id=\"v{i + 1}\">\n<h3>V{i + 1} · {E(v.Check)}/{E(v.Kind)} at {HistoryText.At(model.History, v.Start)}{(v.Key is null ? string.Empty : " on " + E(v.Key))}</h3>\n<pre>{E(v.Message)}</pre>\n"));
            if (i < MaxZoomedViolations)
            {
                Legend(html, violations: true, zoom: true);
                html.Append(SvgTimeline.Render(model, TimelineView.Around(model, v, i + 1))).Append('\n');
            }

            if (v.Linearization is { } lin)
            {
                Linearization(html, model, lin);
            }

            html.Append("</div>\n");
        }

        if (model.Violations.Count > MaxZoomedViolations)
        {
            html.Append(Invariant($"<p class=\"caption\">Zoomed views are drawn for the first {MaxZoomedViolations} violations; every one is on the timeline above.</p>\n"));
        }

        html.Append("</section>\n");
    }

    private static void Linearization(StringBuilder html, TimelineModel model, Verification.Checkers.Linearizability.LinearizabilityFailure lin)
    {
        var skipped = Math.Max(0, lin.Linearized.Count - PrefixTailShown);
        html.Append(Invariant($"<p>Longest linearizable prefix of {lin.Model} {E(lin.Key)}: {lin.Linearized.Count} operation(s), ending in state {E(lin.StateAfterPrefix)}{(skipped > 0 ? $"; the last {PrefixTailShown} in their legal order" : string.Empty)}. Then the operation(s) no order can place:</p>\n"));
        html.Append(Invariant($"<ol class=\"ops\" start=\"{skipped + 1}\">\n"));
        foreach (var op in lin.Linearized.Skip(skipped))
        {
            html.Append(Invariant($"<li>{E(HistoryText.Describe(model.History, op))}</li>\n"));
        }

        foreach (var op in lin.Unplaced)
        {
            html.Append(Invariant($"<li class=\"unplaced\">cannot be placed: {E(HistoryText.Describe(model.History, op))}</li>\n"));
        }

        html.Append("</ol>\n");
    }

    private static void Checks(StringBuilder html, Verdict verdict)
    {
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

        html.Append("</ul>\n</section>\n");
    }
}

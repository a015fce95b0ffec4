using System.Text;
using ResilienceLab.Verification;
using static ResilienceLab.Reporting.Html.HtmlStyle;

namespace ResilienceLab.Reporting.Summary;

/// <summary>summary.html: one self-contained page about every seed of a run.</summary>
internal static class SummaryHtml
{
    public static string Render(SummaryData data)
    {
        var html = new StringBuilder();
        var status = data.Status;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(Invariant($"<title>reslab {E(data.Command)}: {E(data.Name)} — {data.Runs.Count} {data.Noun}, {Word(status)}</title>\n<style>\n{Css}\n.charts {{ display: flex; flex-wrap: wrap; gap: 16px; }}\n</style>\n</head>\n<body>\n"));
        html.Append(Invariant($"<header>\n<h1>reslab {E(data.Command)}: {E(data.Name)} <span class=\"badge {Class(status)}\">{Word(status)}</span></h1>\n"));
        if (data.Properties.Count > 0)
        {
            html.Append("<p class=\"meta\">").Append(string.Join("; ", data.Properties.Select(p => $"{E(p.Key)}: {E(p.Value)}"))).Append("</p>\n");
        }

        html.Append("</header>\n<div class=\"figures\">");
        html.Append(Invariant($"<div><b>{data.Runs.Count}</b>{data.Noun} run</div><div><b>{data.Runs.Count(r => r.Status == CheckStatus.Passed)}</b>passed</div><div><b>{data.Failing.Count}</b>failed or inconclusive</div>"));
        foreach (var d in data.Distributions)
        {
            html.Append(Invariant($"<div><b>{(d.P50 is { } p50 ? SummaryCharts.Seconds(p50) + " / " + SummaryCharts.Seconds(d.P99!.Value) + " s" : "—")}</b>{E(d.Name)} p50 / p99</div>"));
        }

        html.Append("</div>\n");
        if (data.Failing.Count > 0 && data.Failing[0] is { } firstFailing)
        {
            html.Append(Invariant($"<p class=\"first\"><b>First failing {E(firstFailing.Title)}:</b> {E(firstFailing.FirstViolation ?? string.Join(", ", firstFailing.NotPassed))}{(data.Replay is null ? string.Empty : $"\nreplay: {E(data.Replay(firstFailing.Seed))}")}</p>\n"));
        }

        html.Append(Invariant($"<section>\n<h2>{(data.Noun == "seeds" ? "Seeds" : "Runs")}</h2>\n<div class=\"legend\"><span class=\"l-term\">passed</span><span class=\"l-violation\">failed</span></div>\n"));
        html.Append(SummaryCharts.Strip(data.Runs)).Append(Invariant($"\n<p class=\"caption\">One cell per {data.Noun[..^1]}, in order; a cell links to its report when there is one.</p>\n</section>\n"));
        html.Append(Invariant($"<section>\n<h2>Recovery across {data.Noun}</h2>\n<div class=\"charts\">\n"));
        foreach (var d in data.Distributions)
        {
            html.Append("<figure style=\"margin:0; width:430px\">").Append(SummaryCharts.Histogram(d)).Append(Invariant($"<figcaption class=\"caption\">{E(d.Description)}. Bars: seeds' samples per bin; line: cumulative share.</figcaption></figure>\n"));
        }

        html.Append("</div>\n</section>\n<section>\n<h2>Checks</h2>\n<table>\n<thead><tr><th>check</th><th>passed</th><th>failed</th><th>inconclusive</th><th>first failing</th></tr></thead>\n<tbody>\n");
        foreach (var check in data.Checks)
        {
            var failing = data.Runs.Where(r => r.Checks.Any(c => c.Check == check && c.Status != CheckStatus.Passed)).Take(10).ToList();
            var failed = data.Count(check, CheckStatus.Failed);
            html.Append(Invariant($"<tr><td>{E(check)}</td><td>{data.Count(check, CheckStatus.Passed)}</td><td class=\"{(failed > 0 ? "status-failed" : string.Empty)}\">{failed}</td><td>{data.Count(check, CheckStatus.Inconclusive)}</td><td>{string.Join(", ", failing.Select(SeedLink))}</td></tr>\n"));
        }

        html.Append("</tbody>\n</table>\n</section>\n");
        if (data.Failing.Count > 0)
        {
            html.Append(Invariant($"<section>\n<h2>Failing {data.Noun} ({data.Failing.Count})</h2>\n<table>\n<thead><tr><th>{data.Noun[..^1]}</th><th>checks</th><th>first violation</th></tr></thead>\n<tbody>\n"));
            foreach (var run in data.Failing)
            {
                html.Append(Invariant($"<tr><td>{SeedLink(run)}</td><td class=\"status-{Class(run.Status)}\">{E(string.Join(", ", run.NotPassed))}</td><td>{E(run.FirstViolation ?? string.Empty)}</td></tr>\n"));
            }

            html.Append("</tbody>\n</table>\n");
            var unreported = data.Failing.Count(r => r.ReportDirectory is null);
            html.Append(unreported > 0 ? Invariant($"<p class=\"caption\">{unreported} failing seed(s) have no report of their own (over the cap); replay one to get it.</p>\n") : string.Empty);
            html.Append("</section>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    private static string SeedLink(SeedRun run) =>
        run.ReportDirectory is { } dir ? Invariant($"<a href=\"{E(SummaryCharts.Href(dir))}\">{E(run.Title)}</a>") : E(run.Title);
}

using System.Globalization;
using System.Text;
using ResilienceLab.Verification;

namespace ResilienceLab.Reporting.Summary;

/// <summary>summary.md: the key figures and the first failure first, so a CI job summary shows them without scrolling.</summary>
internal static class SummaryMarkdown
{
    public static string Render(SummaryData data)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# reslab {data.Command}: {data.Name} — {Markdown.MarkdownReport.Status(data.Status)}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"**{data.Runs.Count} {data.Noun}: {data.Runs.Count(r => r.Status == CheckStatus.Passed)} passed, {data.Failing.Count} failed or inconclusive.**");
        foreach (var (key, value) in data.Properties)
        {
            md.Append(CultureInfo.InvariantCulture, $" {key}: `{value}`.");
        }

        md.Append("\n\n");
        if (data.Failing.Count > 0 && data.Failing[0] is { } first)
        {
            md.Append(CultureInfo.InvariantCulture, $"> **First failing {first.Title}:** {Markdown.MarkdownReport.Cell(first.FirstViolation ?? string.Join(", ", first.NotPassed))}\n");
            if (data.Replay is not null)
            {
                md.Append(CultureInfo.InvariantCulture, $">\n> replay: `{data.Replay(first.Seed)}`\n");
            }

            md.Append('\n');
        }

        md.Append("| recovery | n | p50 | p99 | max | never |\n|---|---|---|---|---|---|\n");
        foreach (var d in data.Distributions)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {d.Name} | {d.Seconds.Count} | {S(d.P50)} | {S(d.P99)} | {S(d.Max)} | {d.Missing} |\n");
        }

        md.Append("\n| check | passed | failed | inconclusive |\n|---|---|---|---|\n");
        foreach (var check in data.Checks)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {check} | {data.Count(check, CheckStatus.Passed)} | {data.Count(check, CheckStatus.Failed)} | {data.Count(check, CheckStatus.Inconclusive)} |\n");
        }

        if (data.Failing.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## Failing {data.Noun} ({data.Failing.Count})\n\n");
            foreach (var run in data.Failing.Take(50))
            {
                var seed = run.ReportDirectory is { } dir ? $"[{run.Title}]({SummaryCharts.Href(dir)})" : run.Title;
                md.Append(CultureInfo.InvariantCulture, $"- {seed}: {string.Join(", ", run.NotPassed)} — {Markdown.MarkdownReport.Cell(run.FirstViolation ?? string.Empty)}\n");
            }

            md.Append(data.Failing.Count > 50 ? $"- … {data.Failing.Count - 50} more (summary.json lists them all)\n" : string.Empty);
        }

        return md.ToString();
    }

    private static string S(double? seconds) => seconds is { } s ? SummaryCharts.Seconds(s) + " s" : "—";
}

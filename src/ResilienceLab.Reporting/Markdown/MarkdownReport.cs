using System.Globalization;
using System.Text;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Formatting;
using ResilienceLab.Verification.Operations;
using ResilienceLab.Verification.Recovery;

namespace ResilienceLab.Reporting.Markdown;

/// <summary>report.md: a summary a person reads first, fit for a CI job summary: the key figures and the first violation on top, then the checks.</summary>
internal static class MarkdownReport
{
    public static string Render(Verdict verdict)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# reslab check: {verdict.Metadata.Name} — {Status(verdict.Status)}\n\n");
        var violations = verdict.Results.SelectMany(r => r.Violations).OrderBy(v => v.Start).ToList();
        var recovery = RecoveryFigures.Measure(OperationHistory.From(verdict.History));
        md.Append(CultureInfo.InvariantCulture, $"**{verdict.Results.Count(r => r.Status == CheckStatus.Failed)} of {verdict.Results.Count} checks failed, {violations.Count} violation(s).**");
        md.Append(CultureInfo.InvariantCulture, $" Lock take-over max {Max(recovery.TakeOver)}, leader failover max {Max(recovery.Failover)}, task resumption max {Max(recovery.Resumption)}.\n\n");
        if (violations.Count > 0)
        {
            var first = violations[0];
            md.Append(CultureInfo.InvariantCulture, $"> **First violation ({first.Check}/{first.Kind}):** {Cell(first.Message.Split('\n')[0])}\n\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"{verdict.History.Count} history entries");
        if (verdict.History.Start is { } start && verdict.History.End is { } end)
        {
            md.Append(CultureInfo.InvariantCulture, $" from {start.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z over {(end - start).TotalSeconds:0.###} s");
        }

        md.Append(CultureInfo.InvariantCulture, $", {verdict.Metadata.Sources.Count} source file(s); the timeline is in report.html.\n\n");
        md.Append("| check | status | summary |\n|---|---|---|\n");
        foreach (var result in verdict.Results)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {result.Name} | {Status(result.Status)} | {Cell(result.Summary)} |\n");
        }

        foreach (var result in verdict.Results.Where(r => r.Status != CheckStatus.Passed && r.Counterexample is not null))
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## {result.Name}: {Status(result.Status)}\n\n```text\n{result.Counterexample}\n```\n");
        }

        if (verdict.Warnings.Count > 0)
        {
            md.Append("\n## Warnings\n\n");
            foreach (var warning in verdict.Warnings)
            {
                md.Append(CultureInfo.InvariantCulture, $"- `{warning}`\n");
            }
        }

        if (verdict.Metadata.Properties.Count > 0)
        {
            md.Append("\n## Run\n\n");
            foreach (var (key, value) in verdict.Metadata.Properties)
            {
                md.Append(CultureInfo.InvariantCulture, $"- {key}: `{value}`\n");
            }
        }

        return md.ToString();
    }

    internal static string Status(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "✅ passed",
        CheckStatus.Failed => "❌ FAILED",
        _ => "⚠️ inconclusive",
    };

    private static string Max(IReadOnlyList<TimeSpan> samples) => samples.Count == 0 ? "—" : HistoryText.Seconds(samples.Max());

    internal static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}

using System.Globalization;
using System.Text;
using ResilienceLab.Verification;

namespace ResilienceLab.Reporting.Markdown;

/// <summary>report.md: a summary a person reads first (CI job summaries render it).</summary>
internal static class MarkdownReport
{
    public static string Render(Verdict verdict)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# reslab check: {verdict.Metadata.Name} — {Status(verdict.Status)}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{verdict.History.Count} history entries");
        if (verdict.History.Start is { } start && verdict.History.End is { } end)
        {
            md.Append(CultureInfo.InvariantCulture, $" from {start.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z over {(end - start).TotalSeconds:0.###} s");
        }

        md.Append(CultureInfo.InvariantCulture, $", {verdict.Metadata.Sources.Count} source file(s).\n\n");
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

    private static string Status(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "✅ passed",
        CheckStatus.Failed => "❌ FAILED",
        _ => "⚠️ inconclusive",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}

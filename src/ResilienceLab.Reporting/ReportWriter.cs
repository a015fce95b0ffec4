using System.Text;
using ResilienceLab.Reporting.Html;
using ResilienceLab.Reporting.Json;
using ResilienceLab.Reporting.JUnit;
using ResilienceLab.Reporting.Markdown;
using ResilienceLab.Verification;

namespace ResilienceLab.Reporting;

/// <summary>
/// Writes the one set of reports every command with `--report &lt;dir&gt;` produces: report.json,
/// junit.xml, report.md, report.html (self-contained, SVG timeline) and the merged history.jsonl.
/// </summary>
public static class ReportWriter
{
    public const string JsonFile = "report.json";
    public const string JUnitFile = "junit.xml";
    public const string MarkdownFile = "report.md";
    public const string HtmlFile = "report.html";
    public const string HistoryFile = "history.jsonl";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Creates <paramref name="directory"/> if needed and writes every report of <paramref name="verdict"/> into it.</summary>
    public static ReportFiles WriteAll(string directory, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        Directory.CreateDirectory(directory);
        var files = new ReportFiles(
            directory,
            Path.Combine(directory, JsonFile),
            Path.Combine(directory, JUnitFile),
            Path.Combine(directory, MarkdownFile),
            Path.Combine(directory, HtmlFile),
            Path.Combine(directory, HistoryFile));

        File.WriteAllText(files.Json, JsonReport.Render(verdict), Utf8);
        File.WriteAllText(files.JUnit, JUnitReport.Render(verdict), Utf8);
        File.WriteAllText(files.Markdown, MarkdownReport.Render(verdict), Utf8);
        File.WriteAllText(files.Html, HtmlReport.Render(verdict), Utf8);
        using (var writer = new StreamWriter(files.History, append: false, Utf8))
        {
            verdict.History.WriteJsonl(writer);
        }

        return files;
    }
}

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

    /// <summary>
    /// Creates <paramref name="directory"/> if needed and writes every report of <paramref name="verdict"/> into it.
    /// Each file is written beside its final name and renamed into place, so a full disk or a crash leaves the
    /// previous report or none, never half a file.
    /// </summary>
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

        var staged = new List<(string Temp, string Final)>();
        try
        {
            Stage(files.Json, writer => writer.Write(JsonReport.Render(verdict)));
            Stage(files.JUnit, writer => writer.Write(JUnitReport.Render(verdict)));
            Stage(files.Markdown, writer => writer.Write(MarkdownReport.Render(verdict)));
            Stage(files.Html, writer => writer.Write(HtmlReport.Render(verdict)));
            Stage(files.History, verdict.History.WriteJsonl);

            // Only once every file is complete does any of them replace the previous report.
            foreach (var (temp, final) in staged)
            {
                File.Move(temp, final, overwrite: true);
            }

            staged.Clear();
        }
        finally
        {
            foreach (var (temp, _) in staged)
            {
                File.Delete(temp);
            }
        }

        return files;

        void Stage(string final, Action<StreamWriter> write)
        {
            var temp = $"{final}.{Environment.ProcessId}.tmp";
            staged.Add((temp, final));
            using var writer = new StreamWriter(temp, append: false, Utf8);
            write(writer);
        }
    }
}

namespace ResilienceLab.Reporting;

/// <summary>The files <see cref="ReportWriter.WriteAll"/> wrote.</summary>
public sealed record ReportFiles(string Directory, string Json, string JUnit, string Markdown, string Html, string History)
{
    /// <summary>The file names every `--report &lt;dir&gt;` holds.</summary>
    public static IReadOnlyList<string> Names { get; } = [ReportWriter.JsonFile, ReportWriter.JUnitFile, ReportWriter.MarkdownFile, ReportWriter.HtmlFile, ReportWriter.HistoryFile];

    /// <summary>All five paths.</summary>
    public IReadOnlyList<string> All => [Json, JUnit, Markdown, Html, History];
}

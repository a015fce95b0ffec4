namespace ResilienceLab.Reporting.Summary;

/// <summary>The files <see cref="SeedSummary.Write"/> wrote.</summary>
public sealed record SummaryFiles(string Html, string Markdown, string Json, string JUnit, string Runs);

using System.Text.Json.Serialization;
using ResilienceLab.Reporting.Summary;

namespace ResilienceLab.Reporting.Json;

/// <summary>
/// The compile-time JSON contracts of every file the reports write (report.json, summary.json, runs.json); each file's
/// options hold its settings. Generated instead of read by reflection, so a natively compiled reslab writes the same bytes.
/// </summary>
[JsonSerializable(typeof(JsonReportDocument))]
[JsonSerializable(typeof(SummaryJsonDocument))]
[JsonSerializable(typeof(SeedRunsDocument))]
[JsonSerializable(typeof(List<SeedRunsDocument.CheckEntry>))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;

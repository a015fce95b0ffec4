using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Reporting.Json;

/// <summary>report.json: the verdict as data, for dashboards and other tools.</summary>
internal static class JsonReport
{
    /// <summary>Web casing, kebab-case enums, nulls left out: the options of every JSON file the reports write.</summary>
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters =
        {
            new JsonStringEnumConverter<CheckStatus>(JsonNamingPolicy.KebabCaseLower),
            new JsonStringEnumConverter<OperationOutcome>(JsonNamingPolicy.KebabCaseLower),
        },
    };

    /// <summary>The generated contracts under <see cref="Options"/> (report.json, summary.json).</summary>
    internal static readonly ReportJsonContext Contracts = new(Options);

    public static string Render(Verdict verdict)
    {
        var report = new JsonReportDocument(
            Format: 1,
            verdict.Metadata.Name,
            verdict.Status,
            verdict.Passed,
            verdict.Metadata.GeneratedAt,
            verdict.Metadata.Sources,
            verdict.Metadata.Properties,
            new JsonReportHistory(verdict.History.Count, verdict.History.Start, verdict.History.End),
            [.. verdict.Results.Select(r => new JsonReportCheck(
                r.Name,
                r.Status,
                r.Summary,
                r.Counterexample,
                r.Elapsed?.TotalMilliseconds,
                [.. r.Violations.Select(v => new JsonReportViolation(
                    v.Kind,
                    v.Key,
                    v.Processes,
                    v.Tokens,
                    v.Start,
                    v.End,
                    v.Message,
                    [.. v.Operations.Select(JsonReportOperation.Of)],
                    v.Linearization is { } lin
                        ? new JsonReportLinearization(lin.Model, lin.StateAfterPrefix, [.. lin.Linearized.Select(JsonReportOperation.Of)], [.. lin.Unplaced.Select(JsonReportOperation.Of)])
                        : null))]))],
            [.. verdict.Warnings.Select(w => w.ToString())]);
        return JsonSerializer.Serialize(report, Contracts.JsonReportDocument);
    }
}

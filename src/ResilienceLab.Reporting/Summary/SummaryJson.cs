using System.Text.Json;
using ResilienceLab.Reporting.Json;

namespace ResilienceLab.Reporting.Summary;

/// <summary>summary.json: every seed's status and the recovery distributions, for dashboards.</summary>
internal static class SummaryJson
{
    public static string Render(SummaryData data) => JsonSerializer.Serialize(
        new SummaryJsonDocument(
            Format: 1,
            data.Name,
            data.Status,
            data.Properties,
            Seeds: data.Runs.Count,
            Passed: data.Runs.Count(r => r.Status == Verification.CheckStatus.Passed),
            Failing: [.. data.Failing.Select(r => new SummaryJsonFailing(r.Seed, r.Label, r.Status, [.. r.NotPassed], r.FirstViolation, r.ReportDirectory is null ? null : SummaryCharts.Href(r.ReportDirectory), data.Replay?.Invoke(r.Seed)))],
            Recovery: [.. data.Distributions.Select(d => new SummaryJsonRecovery(d.Name, d.Seconds.Count, d.Missing, d.P50, d.P99, d.Max, [.. d.Bins().Select(b => new SummaryJsonBin(b.Low, b.Width, b.Count))]))],
            Statuses: [.. data.Runs.Select(r => new SummaryJsonStatus(r.Seed, r.Label, r.Status))]),
        JsonReport.Contracts.SummaryJsonDocument);
}

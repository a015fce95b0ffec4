using System.Text.Json;

namespace ResilienceLab.Reporting.Summary;

/// <summary>summary.json: every seed's status and the recovery distributions, for dashboards.</summary>
internal static class SummaryJson
{
    public static string Render(SummaryData data) => JsonSerializer.Serialize(
        new
        {
            Format = 1,
            data.Name,
            data.Status,
            data.Properties,
            Seeds = data.Runs.Count,
            Passed = data.Runs.Count(r => r.Status == Verification.CheckStatus.Passed),
            Failing = data.Failing.Select(r => new { r.Seed, r.Label, r.Status, Checks = r.NotPassed, r.FirstViolation, Report = r.ReportDirectory is null ? null : SummaryCharts.Href(r.ReportDirectory), Replay = data.Replay?.Invoke(r.Seed) }),
            Recovery = data.Distributions.Select(d => new { d.Name, Count = d.Seconds.Count, d.Missing, P50Seconds = d.P50, P99Seconds = d.P99, MaxSeconds = d.Max, Bins = d.Bins().Select(b => new { LowSeconds = b.Low, WidthSeconds = b.Width, b.Count }) }),
            Statuses = data.Runs.Select(r => new { r.Seed, r.Label, r.Status }),
        },
        Json.JsonReport.Options);
}

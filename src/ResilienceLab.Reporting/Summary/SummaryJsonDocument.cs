using ResilienceLab.Verification;

namespace ResilienceLab.Reporting.Summary;

// summary.json's shape, property by property in the order written (Json.ReportJsonContext generates its contract).

internal sealed record SummaryJsonDocument(
    int Format,
    string Name,
    CheckStatus Status,
    IReadOnlyDictionary<string, string> Properties,
    int Seeds,
    int Passed,
    IReadOnlyList<SummaryJsonFailing> Failing,
    IReadOnlyList<SummaryJsonRecovery> Recovery,
    IReadOnlyList<SummaryJsonStatus> Statuses);

internal sealed record SummaryJsonFailing(long Seed, string? Label, CheckStatus Status, IReadOnlyList<string> Checks, string? FirstViolation, string? Report, string? Replay);

internal sealed record SummaryJsonRecovery(string Name, int Count, int Missing, double? P50Seconds, double? P99Seconds, double? MaxSeconds, IReadOnlyList<SummaryJsonBin> Bins);

internal sealed record SummaryJsonBin(double LowSeconds, double WidthSeconds, int Count);

internal sealed record SummaryJsonStatus(long Seed, string? Label, CheckStatus Status);

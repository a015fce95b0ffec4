using ResilienceLab.Verification;
using ResilienceLab.Verification.Recovery;

namespace ResilienceLab.Reporting.Summary;

/// <summary>What a summary keeps of one seed's verdict (never its history, so 10,000 seeds fit in memory).</summary>
public sealed record SeedRun
{
    /// <summary>The seed.</summary>
    public required long Seed { get; init; }

    /// <summary>The seed's verdict status.</summary>
    public required CheckStatus Status { get; init; }

    /// <summary>Each check's status, in the order run.</summary>
    public required IReadOnlyList<(string Check, CheckStatus Status)> Checks { get; init; }

    /// <summary>The earliest violation, "check/kind: message" (first line), when the seed failed.</summary>
    public string? FirstViolation { get; init; }

    /// <summary>The recovery figures measured on the seed's history.</summary>
    public required RecoveryFigures Recovery { get; init; }

    /// <summary>The seed's own report directory, relative to the summary's, when one was written.</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>The checks that did not pass.</summary>
    public IEnumerable<string> NotPassed => Checks.Where(c => c.Status != CheckStatus.Passed).Select(c => c.Check);
}

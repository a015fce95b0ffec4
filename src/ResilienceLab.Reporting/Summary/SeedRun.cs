using System.Globalization;
using System.Text.Json.Serialization;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Recovery;

namespace ResilienceLab.Reporting.Summary;

/// <summary>
/// What a summary keeps of one seed's verdict (never its history, so 10,000 seeds fit in memory). A run that is not one
/// seed among many — one store of <c>reslab compare</c>, all on the same seed — carries a <see cref="Label"/>.
/// </summary>
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

    /// <summary>What the run is when it is not told apart by its seed (the store of a comparison), else null.</summary>
    public string? Label { get; init; }

    /// <summary>How the run is named on the summary: its label, else "seed N".</summary>
    [JsonIgnore]
    public string Title => Label ?? "seed " + Seed.ToString(CultureInfo.InvariantCulture);

    /// <summary>What a summary keeps of <paramref name="verdict"/>; <paramref name="reportDirectory"/> is relative to the summary's.</summary>
    public static SeedRun Of(long seed, Verdict verdict, string? reportDirectory = null, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var first = verdict.Results.SelectMany(r => r.Violations).OrderBy(v => v.Start).FirstOrDefault();
        return new SeedRun
        {
            Seed = seed,
            Label = label,
            Status = verdict.Status,
            Checks = [.. verdict.Results.Select(r => (r.Name, r.Status))],
            FirstViolation = first is not null ? $"{first.Check}/{first.Kind}: {first.Message.Split('\n')[0]}"
                : verdict.Results.FirstOrDefault(r => !r.Passed) is { } notPassed ? $"{notPassed.Name}: {notPassed.Summary}" : null,
            Recovery = RecoveryFigures.Measure(verdict.Operations),
            ReportDirectory = reportDirectory,
        };
    }

    /// <summary>The checks that did not pass.</summary>
    public IEnumerable<string> NotPassed => Checks.Where(c => c.Status != CheckStatus.Passed).Select(c => c.Check);
}

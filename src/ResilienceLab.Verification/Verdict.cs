using ResilienceLab.History;

namespace ResilienceLab.Verification;

/// <summary>Every check's result on one merged history: what the reports are written from.</summary>
public sealed record Verdict
{
    /// <summary>What was checked.</summary>
    public required RunMetadata Metadata { get; init; }

    /// <summary>One result per check, in the order run.</summary>
    public required IReadOnlyList<CheckResult> Results { get; init; }

    /// <summary>The merged history the checks read.</summary>
    public required MergedHistory History { get; init; }

    /// <summary>Reader warnings (torn last lines, unknown ops) carried into the reports.</summary>
    public IReadOnlyList<HistoryProblem> Warnings { get; init; } = [];

    /// <summary>Failed if any check failed, else inconclusive if any was, else passed.</summary>
    public CheckStatus Status =>
        Results.Any(r => r.Status == CheckStatus.Failed) ? CheckStatus.Failed
        : Results.Any(r => r.Status == CheckStatus.Inconclusive) ? CheckStatus.Inconclusive
        : CheckStatus.Passed;

    /// <summary>True when every check passed.</summary>
    public bool Passed => Status == CheckStatus.Passed;
}

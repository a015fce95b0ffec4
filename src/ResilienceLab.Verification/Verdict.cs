using ResilienceLab.History;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification;

/// <summary>Every check's result on one merged history: what the reports are written from.</summary>
public sealed record Verdict
{
    /// <summary>What was checked.</summary>
    public required RunMetadata Metadata { get; init; }

    /// <summary>One result per check, in the order run.</summary>
    public required IReadOnlyList<CheckResult> Results { get; init; }

    private readonly MergedHistory _history = null!;
    private OperationHistory? _operations;

    /// <summary>The merged history the checks read.</summary>
    public required MergedHistory History
    {
        get => _history;
        init
        {
            _history = value;

            // Another history (a `with` that swaps it) makes the operations of the old one stale.
            _operations = null;
        }
    }

    /// <summary>
    /// <see cref="History"/> as the checks read it: invokes paired with completions. The verifier hands over the one
    /// its checks ran on; otherwise it is made on first use. Kept so that a seed's summary line and its reports do not
    /// pair a history's operations again (a seed of the smoke plan paired them twice).
    /// </summary>
    public OperationHistory Operations
    {
        get => _operations ??= OperationHistory.From(_history);
        init => _operations = value;
    }

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

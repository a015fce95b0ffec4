using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Verification;

namespace ResilienceLab.Cli.Commands.Compare;

/// <summary>One store's run of the plan: the verdict, what the run did, the metrics, where its reports are.</summary>
internal sealed record StoreOutcome(StoreKind Store, Verdict? Verdict, ChaosRunResult? Run, RunMetrics? Metrics, string ReportDirectory, string? Error)
{
    /// <summary>PASS / FAIL / INCONCLUSIVE, or ERROR when the run could not complete.</summary>
    public string Status => Verdict is null ? "ERROR" : Verdict.Status.ToString().ToUpperInvariant();
}

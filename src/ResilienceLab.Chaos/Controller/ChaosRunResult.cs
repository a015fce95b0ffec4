using ResilienceLab.History;

namespace ResilienceLab.Chaos.Controller;

/// <summary>Everything a run produced, before checking: the merged entries, the steps' and probes' outcomes, and why it stopped early, if it did.</summary>
public sealed record ChaosRunResult(
    IReadOnlyList<HistoryEntry> Entries,
    IReadOnlyList<StepOutcome> Steps,
    IReadOnlyList<ProbeOutcome> Probes,
    string? AbortReason,
    TimeSpan Elapsed,
    string? FinalCounter)
{
    /// <summary>True when the run was cancelled from outside (SIGINT, SIGTERM, a caller's timeout): it proves nothing either way.</summary>
    public bool Cancelled { get; init; }
}

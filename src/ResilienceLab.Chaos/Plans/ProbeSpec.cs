namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// A steady-state probe. A probe fails when its condition stays false longer than <see cref="Tolerance"/>; with
/// <see cref="AbortOnFailure"/> the run then stops early, heals every fault, and reports why.
/// </summary>
public sealed record ProbeSpec
{
    /// <summary>A lowercase name, unique among the probes.</summary>
    public required string Name { get; init; }

    /// <summary>What is checked.</summary>
    public required ProbeKind Kind { get; init; }

    /// <summary>When it runs.</summary>
    public required ProbeMode Mode { get; init; }

    /// <summary>Time between two evaluations (continuous and on-chaos).</summary>
    public TimeSpan Interval { get; init; } = ChaosPlanConstants.DefaultProbeInterval;

    /// <summary>How long one evaluation may take (and, for start/end, how long to wait for the condition).</summary>
    public TimeSpan Timeout { get; init; } = ChaosPlanConstants.DefaultProbeTimeout;

    /// <summary>How long the condition may stay false before the probe fails (continuous and on-chaos).</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.Zero;

    /// <summary>Stop the run when the probe fails (Chaos Mesh abort, Chaos Toolkit --fail-fast).</summary>
    public bool AbortOnFailure { get; init; }

    /// <summary>Where the probe is written in the plan.</summary>
    public PlanLocation Location { get; init; }
}

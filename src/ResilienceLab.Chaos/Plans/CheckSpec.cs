namespace ResilienceLab.Chaos.Plans;

/// <summary>A check to run, with its bounds. Written as a bare name (<c>- lost-updates</c>) or a mapping with <c>name</c>.</summary>
public sealed record CheckSpec
{
    /// <summary>Which checker.</summary>
    public required CheckKind Kind { get; init; }

    /// <summary>task-resumption: the longest an orphaned task may wait for a new holder.</summary>
    public TimeSpan? ResumeWithin { get; init; }

    /// <summary>leader-safety: the longest the election may go without a leader.</summary>
    public TimeSpan? NewLeaderWithin { get; init; }

    /// <summary>Where the check is written in the plan (0:0 for checks added by default).</summary>
    public PlanLocation Location { get; init; }
}

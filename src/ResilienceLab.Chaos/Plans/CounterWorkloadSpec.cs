namespace ResilienceLab.Chaos.Plans;

/// <summary>A shared counter every replica increments.</summary>
public sealed record CounterWorkloadSpec
{
    /// <summary>No counter.</summary>
    public static CounterWorkloadSpec Disabled { get; } = new() { Enabled = false };

    /// <summary>Whether replicas increment the counter.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Increments per replica.</summary>
    public int Increments { get; init; } = ChaosPlanConstants.DefaultIncrements;

    /// <summary>cas (safe) or unsafe (read-then-put).</summary>
    public CounterMode Mode { get; init; } = CounterMode.Cas;

    /// <summary>Pause between the read and the write: widens the race window under contention.</summary>
    public TimeSpan ReadWriteGap { get; init; } = TimeSpan.Zero;

    /// <summary>Pause after each increment: paces the counter so it spans the schedule on any machine.</summary>
    public TimeSpan Interval { get; init; } = ChaosPlanConstants.DefaultCounterInterval;
}

namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// Long-running tasks: each task (ids 0 … count-1) is guarded by a TTL lock; its holder does one step at a time and
/// commits a checkpoint with a fenced write; a replica that takes the lock over resumes from the last checkpoint.
/// </summary>
public sealed record TaskWorkloadSpec
{
    /// <summary>No tasks.</summary>
    public static TaskWorkloadSpec None { get; } = new() { Count = 0 };

    /// <summary>How many tasks; 0 disables the task worker.</summary>
    public required int Count { get; init; }

    /// <summary>Steps per task.</summary>
    public int Steps { get; init; } = ChaosPlanConstants.DefaultTaskSteps;

    /// <summary>How long one step's simulated work takes.</summary>
    public TimeSpan StepDuration { get; init; } = ChaosPlanConstants.DefaultStepDuration;

    /// <summary>TTL of the lease behind each task lock: how long an orphaned lock survives its dead holder.</summary>
    public TimeSpan LockTtl { get; init; } = ChaosPlanConstants.DefaultLockTtl;

    /// <summary>True when there is at least one task.</summary>
    public bool Enabled => Count > 0;
}

namespace ResilienceLab.Verification.Checkers.TaskResumption;

/// <summary>Name, violation kinds and defaults of the task-resumption check.</summary>
public static class TaskResumptionConstants
{
    /// <summary>The check's name.</summary>
    public const string Name = "task-resumption";

    /// <summary>A task orphaned for longer than TTL + slack when the history ended.</summary>
    public const string NeverResumed = "never-resumed";

    /// <summary>A task resumed later than TTL + slack after it was orphaned.</summary>
    public const string ResumedLate = "resumed-late";

    /// <summary>A committed step went backwards: a later commit committed or expected a lower step.</summary>
    public const string LostStep = "lost-step";

    /// <summary>Two ok commits of the same step.</summary>
    public const string DuplicateStep = "duplicate-step";

    /// <summary>An ok commit with a lower token after one with a higher token had committed.</summary>
    public const string StaleWrite = "stale-write";

    /// <summary>Default lock TTL (the lease a holder's lock is bound to).</summary>
    public static readonly TimeSpan DefaultLockTtl = TimeSpan.FromSeconds(10);

    /// <summary>Default slack on top of the TTL (lease expiry detection, watch delivery, scheduling).</summary>
    public static readonly TimeSpan DefaultResumeSlack = TimeSpan.FromSeconds(5);

    /// <summary>Task keys start with this.</summary>
    public const string DefaultTaskKeyPrefix = "/tasks/";

    /// <summary>A task's lock is this prefix followed by the task key (/locks/tasks/7 for /tasks/7).</summary>
    public const string DefaultLockKeyPrefix = "/locks";
}

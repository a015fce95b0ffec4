using ResilienceLab.History;

namespace ResilienceLab.Verification.Checkers.MutualExclusion;

/// <summary>Name, violation kinds and defaults of the mutual-exclusion check.</summary>
public static class MutualExclusionConstants
{
    /// <summary>The check's name.</summary>
    public const string Name = "mutual-exclusion";

    /// <summary>Two different processes acquired the same lock with the same fencing token.</summary>
    public const string DuplicateToken = "duplicate-token";

    /// <summary>An acquisition invoked after another completed got a lower token (tokens must grow).</summary>
    public const string TokenRegression = "token-regression";

    /// <summary>A fenced write with a lower token committed after one with a higher token had committed.</summary>
    public const string StaleWrite = "stale-write";

    /// <summary>A fenced write with a token committed after a newer holder (higher token) had acquired the lock: both held it at the store at once.</summary>
    public const string WriteAfterNewerHolder = "write-after-newer-holder";

    /// <summary>Default clock-skew allowance between processes' clocks.</summary>
    public static readonly TimeSpan DefaultClockSkew = TimeSpan.Zero;

    /// <summary>The ops that are fenced writes by default.</summary>
    public static readonly IReadOnlyList<string> DefaultFencedWriteOps = [HistoryOps.TaskCommit, HistoryOps.LockWrite];
}

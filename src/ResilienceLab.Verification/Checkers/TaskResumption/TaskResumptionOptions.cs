using System.ComponentModel.DataAnnotations;

namespace ResilienceLab.Verification.Checkers.TaskResumption;

/// <summary>Options of <see cref="TaskResumptionCheck"/>.</summary>
public sealed class TaskResumptionOptions
{
    /// <summary>The lock's lease TTL: a killed holder's lock frees up at most this long after it died.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan LockTtl { get; set; } = TaskResumptionConstants.DefaultLockTtl;

    /// <summary>Allowed on top of <see cref="LockTtl"/> before an orphaned task must have a new holder.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ResumeSlack { get; set; } = TaskResumptionConstants.DefaultResumeSlack;

    /// <summary>Clock-skew allowance between processes (see MutualExclusionOptions.ClockSkew).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.Zero;

    /// <summary>Task keys start with this.</summary>
    [Required]
    public string TaskKeyPrefix { get; set; } = TaskResumptionConstants.DefaultTaskKeyPrefix;

    /// <summary>A task's lock key is this followed by the task key.</summary>
    [Required]
    public string LockKeyPrefix { get; set; } = TaskResumptionConstants.DefaultLockKeyPrefix;

    /// <summary>The longest a task may stay orphaned: <see cref="LockTtl"/> + <see cref="ResumeSlack"/>.</summary>
    public TimeSpan ResumeBound => LockTtl + ResumeSlack;
}

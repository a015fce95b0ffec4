using System.ComponentModel.DataAnnotations;

namespace ResilienceLab.Verification.Checkers.LeaderSafety;

/// <summary>Options of <see cref="LeaderSafetyCheck"/>.</summary>
public sealed class LeaderSafetyOptions
{
    /// <summary>After the leader is killed, a leader with a higher term must be elected within this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan FailoverBound { get; set; } = LeaderSafetyConstants.DefaultFailoverBound;

    /// <summary>Clock-skew allowance between processes (see MutualExclusionOptions.ClockSkew).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.Zero;
}

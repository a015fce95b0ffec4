using System.ComponentModel.DataAnnotations;

namespace ResilienceLab.Verification.Checkers.MutualExclusion;

/// <summary>Options of <see cref="MutualExclusionCheck"/>.</summary>
public sealed class MutualExclusionOptions
{
    /// <summary>
    /// How far apart two processes' clocks may be. An operation is only taken to come after another
    /// when it was invoked more than this after the other completed (unless both carry revisions).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ClockSkew { get; set; } = MutualExclusionConstants.DefaultClockSkew;

    /// <summary>The ops whose ok completions with a token are fenced writes.</summary>
    [Required]
    public IReadOnlyList<string> FencedWriteOps { get; set; } = MutualExclusionConstants.DefaultFencedWriteOps;
}

using ResilienceLab.Verification.Checkers.LeaderSafety;
using ResilienceLab.Verification.Checkers.Linearizability;
using ResilienceLab.Verification.Checkers.Liveness;
using ResilienceLab.Verification.Checkers.LostUpdates;
using ResilienceLab.Verification.Checkers.MutualExclusion;
using ResilienceLab.Verification.Checkers.TaskResumption;

namespace ResilienceLab.Verification;

/// <summary>The options of every check, as one object (what `reslab check` binds its flags to).</summary>
public sealed class VerificationOptions
{
    public MutualExclusionOptions MutualExclusion { get; set; } = new();

    public TaskResumptionOptions TaskResumption { get; set; } = new();

    public LostUpdatesOptions LostUpdates { get; set; } = new();

    public LeaderSafetyOptions LeaderSafety { get; set; } = new();

    public LinearizabilityOptions Linearizability { get; set; } = new();

    public LivenessOptions Liveness { get; set; } = new();

    /// <summary>Sets the clock-skew allowance of every check that compares times across processes.</summary>
    public VerificationOptions WithClockSkew(TimeSpan skew)
    {
        MutualExclusion.ClockSkew = skew;
        TaskResumption.ClockSkew = skew;
        LeaderSafety.ClockSkew = skew;
        Linearizability.ClockSkew = skew;
        return this;
    }
}

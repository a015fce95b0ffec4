using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary>An item of <c>target.clocks</c>: one simulated replica's clock error.</summary>
internal static class ClockShape
{
    public static readonly IntegerField Replica = new("replica", "The replica's index, 0 to replicas-1.", 0, ChaosPlanConstants.MaxReplicas - 1)
    {
        Required = true,
        Hint = "the replica's index, from 0",
    };

    public static readonly DurationField Skew = new("skew", "Constant offset from true time.")
    {
        Min = -ChaosPlanConstants.MaxDuration,
        Positive = false,
        Default = "0s",
    };

    public static readonly NumberField Drift = new("drift", "Rate error: -0.1 runs 10% slow.", -0.5, 0.5) { Default = 0 };

    public static readonly SectionShape Section = new("clock", string.Empty, [Replica, Skew, Drift]);
}

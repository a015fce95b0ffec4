using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary><c>workload.counter</c>: replicas increment one shared counter.</summary>
internal static class CounterShape
{
    public static readonly BoolField Enabled = new("enabled", string.Empty) { Default = true };

    public static readonly IntegerField Increments = new("increments", "Increments per replica.", 1, ChaosPlanConstants.MaxSteps) { Default = ChaosPlanConstants.DefaultIncrements };

    public static readonly EnumField<CounterMode> Mode = new("mode", "counter mode", "cas: compare-and-swap, retried; unsafe: read then put (loses updates).") { Default = "cas" };

    public static readonly DurationField ReadWriteGap = new("readWriteGap", "Pause between read and write, to widen the race window.")
    {
        Positive = false,
        Max = TimeSpan.FromMinutes(1),
        Default = "0s",
    };

    public static readonly DurationField Interval = new("interval", "Pause after each increment: paces the counter so it spans the schedule on any machine.")
    {
        Positive = false,
        Max = TimeSpan.FromMinutes(1),
        Default = "1ms",
    };

    public static readonly SectionShape Section = new("counter", string.Empty, [Enabled, Increments, Mode, ReadWriteGap, Interval]);
}

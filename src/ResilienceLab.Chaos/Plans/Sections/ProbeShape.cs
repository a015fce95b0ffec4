using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary>An item of <c>probes</c>: a steady-state probe.</summary>
internal static class ProbeShape
{
    public static readonly StringField Name = new("name", string.Empty)
    {
        Format = PlanValues.Name,
        Required = true,
        Hint = "names the probe in reports, e.g. name: leader-present",
    };

    public static readonly EnumField<ProbeKind> Kind = new("kind", "probe kind", string.Empty)
    {
        Required = true,
        Hint = $"one of {string.Join(", ", PlanNames.All<ProbeKind>())}",
    };

    public static readonly EnumField<ProbeMode> Mode = new("mode", "probe mode", "start: once before chaos; end: once after; continuous: all run long; on-chaos: while a fault is in effect.")
    {
        Required = true,
        Hint = $"one of {string.Join(", ", PlanNames.All<ProbeMode>())}",
    };

    public static readonly DurationField Interval = new("interval", "continuous/on-chaos: time between evaluations.") { Max = TimeSpan.FromHours(1), Default = "1s" };

    public static readonly DurationField Timeout = new("timeout", "How long one evaluation may take.") { Max = TimeSpan.FromHours(1), Default = "5s" };

    public static readonly DurationField Tolerance = new("tolerance", "continuous/on-chaos: how long the condition may stay false before the probe fails.") { Positive = false, Default = "0s" };

    public static readonly BoolField AbortOnFailure = new("abortOnFailure", "Stop the run (heal, report why) when the probe fails.") { Default = false };

    /// <summary>The fields only a repeating probe (continuous, on-chaos) has.</summary>
    public static readonly IReadOnlyList<string> RepeatingFields = [Interval.Name, Tolerance.Name];

    public static readonly SectionShape Section = new("probe", string.Empty, [Name, Kind, Mode, Interval, Timeout, Tolerance, AbortOnFailure])
    {
        Conditions = [new("mode", [PlanNames.Of(ProbeMode.Start), PlanNames.Of(ProbeMode.End)], new Presence { Forbidden = RepeatingFields })],
    };
}

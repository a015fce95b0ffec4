using System.Globalization;
using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Plans.Loading;
using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Actions.ClockSkew;

/// <summary>
/// The arguments of a <c>clock-skew</c> step; <see cref="ClockSkewFault"/> says what they mean on every target. <c>skew</c>,
/// an offset within ± <see cref="MaxSkew"/> (negative: behind), and <c>drift</c>, a rate error in (-1, 1); at least one.
/// </summary>
public sealed record ClockSkewArguments : ChaosActionArguments
{
    /// <summary>The largest offset a step may set: further off than an hour, every lease and deadline is simply expired or not.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromHours(1);

    internal static readonly DurationField SkewField = new("skew", "clock-skew: the offset the replica's clock jumps by when the step fires (negative: behind), within 1h.")
    {
        Positive = false,
        Min = -MaxSkew,
        Max = MaxSkew,
    };

    internal static readonly CustomField DriftField = new(
        "drift",
        "clock-skew: rate error; the clock advances (1 + drift) s per true second (-0.5: half speed). At -1 it would stand still.",
        _ => new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = -1.0, ["exclusiveMaximum"] = 1.0 },
        section => _ = ReadDrift(section));

    public ClockSkewArguments()
    {
    }

    private ClockSkewArguments(ChaosActionArguments common)
        : base(common)
    {
    }

    /// <summary>The offset the clock jumps by when the step fires.</summary>
    public TimeSpan Skew { get; init; }

    /// <summary>The rate error from then on: the clock advances (1 + drift) s per true second.</summary>
    public double Drift { get; init; }

    internal static ActionArgumentsShape Shape { get; } = new(
        [new(CommonArguments.Selector, Required: true), new(SkewField), new(DriftField), new(CommonArguments.Duration)],
        (reader, common) =>
        {
            if (!reader.Step.Has(SkewField.Name) && !reader.Step.Has(DriftField.Name))
            {
                reader.Step.Missing(SkewField.Name, "clock-skew needs skew (an offset, e.g. skew: 2s or skew: -500ms), drift (a rate error, e.g. drift: -0.5 for a clock at half speed), or both");
            }

            return new ClockSkewArguments(common)
            {
                Skew = SkewField.Read(reader.Step) ?? TimeSpan.Zero,
                Drift = ReadDrift(reader.Step) ?? 0,
            };
        });

    private static double? ReadDrift(SectionReader step)
    {
        if (step.Node(DriftField.Name) is PlanScalar { Kind: ScalarKind.Int or ScalarKind.Float } scalar
            && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value is <= -1 or >= 1)
        {
            step.Report(DriftField.Name, PlanDiagnosticCodes.OutOfRange, $"{scalar.Value} is out of range; expected a number greater than -1 and less than 1: the clock advances (1 + drift) seconds per true second, so at -1 it stands still (below it, it runs backwards and no timer ever fires), and at 1 it runs twice as fast, far beyond any real clock's error; e.g. drift: -0.5 runs at half speed");
            return null;
        }

        return step.Number(DriftField.Name, -1, 1, minExclusive: true);
    }
}

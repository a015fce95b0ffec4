using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Actions.StoreFault;

/// <summary>The arguments of a <c>store-fault</c> step; <see cref="StoreFault"/> says what they mean on every target.</summary>
public sealed record StoreFaultArguments : ChaosActionArguments
{
    internal static readonly NumberField ProbabilityField = new("probability", "store-fault: probability that a store call fails.", 0, 1)
    {
        MinExclusive = true,
        Default = 1,
    };

    internal static readonly EnumField<StoreFaultKind> FaultField = new("fault", "store fault", "store-fault: fail before the store (unavailable) or lose the reply after commit (indeterminate).")
    {
        Default = "unavailable",
    };

    public StoreFaultArguments()
    {
    }

    private StoreFaultArguments(ChaosActionArguments common)
        : base(common)
    {
    }

    /// <summary>The failure injected.</summary>
    public StoreFaultKind Fault { get; init; } = StoreFaultKind.Unavailable;

    /// <summary>Chance (0–1] that a store call fails.</summary>
    public double Probability { get; init; } = 1;

    internal static ActionArgumentsShape Shape { get; } = new(
        [new(CommonArguments.Selector), new(ProbabilityField), new(FaultField), new(CommonArguments.Duration)],
        (reader, common) => new StoreFaultArguments(common)
        {
            Probability = ProbabilityField.Read(reader.Step) ?? 1,
            Fault = FaultField.Read(reader.Step) ?? StoreFaultKind.Unavailable,
        });
}

using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Actions.Latency;

/// <summary>The arguments of a <c>latency</c> step; <see cref="LatencyFault"/> says what they mean on every target.</summary>
public sealed record LatencyArguments : ChaosActionArguments
{
    internal static readonly DurationField LatencyField = new("latency", "latency: the delay added to the replica's store traffic.")
    {
        Max = TimeSpan.FromMinutes(10),
        Hint = "the delay to add, e.g. latency: 200ms",
    };

    internal static readonly DurationField JitterField = new("latencyJitter", "latency: random spread around the delay.")
    {
        Positive = false,
        Max = TimeSpan.FromMinutes(10),
    };

    public LatencyArguments()
    {
    }

    private LatencyArguments(ChaosActionArguments common)
        : base(common)
    {
    }

    /// <summary>Added to the round trip of every store call of the replica.</summary>
    public TimeSpan Latency { get; init; } = LatencyFault.DefaultRoundTrip;

    /// <summary>Random spread (±) around <see cref="Latency"/>.</summary>
    public TimeSpan LatencyJitter { get; init; }

    internal static ActionArgumentsShape Shape { get; } = new(
        [new(CommonArguments.Selector, Required: true), new(LatencyField, Required: true), new(JitterField), new(CommonArguments.Duration)],
        (reader, common) => new LatencyArguments(common)
        {
            Latency = LatencyField.Read(reader.Step) ?? LatencyFault.DefaultRoundTrip,
            LatencyJitter = JitterField.Read(reader.Step) ?? TimeSpan.Zero,
        });
}

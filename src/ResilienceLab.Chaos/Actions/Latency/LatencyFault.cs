namespace ResilienceLab.Chaos.Actions.Latency;

/// <summary>
/// The one meaning of a <c>latency</c> step on every target: <see cref="RoundTrip"/> is added to the round trip of every
/// call the replica makes to the store, and each call's addition varies uniformly within ± <see cref="Jitter"/> (never
/// below zero). The simulation adds it to each simulated call; a TCP fault proxy (local, or the Kubernetes agent's)
/// delays each direction by half of both (<see cref="PerDirection"/>), which sums to the same round trip.
/// </summary>
public readonly record struct LatencyFault(TimeSpan RoundTrip, TimeSpan Jitter)
{
    /// <summary>What a step without <c>latency</c> adds (the loader requires it; a default keeps <see cref="LatencyArguments"/> total).</summary>
    public static readonly TimeSpan DefaultRoundTrip = TimeSpan.FromMilliseconds(100);

    /// <summary>The delay and jitter of each direction of a proxied connection: half of each, so request + reply add <see cref="RoundTrip"/> ± <see cref="Jitter"/>.</summary>
    public (TimeSpan Latency, TimeSpan Jitter) PerDirection => (RoundTrip / 2, Jitter / 2);

    /// <summary>The step's fault.</summary>
    public static LatencyFault Of(Plans.ChaosStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var arguments = step.ArgumentsAs<LatencyArguments>();
        return new LatencyFault(arguments.Latency, arguments.LatencyJitter);
    }
}

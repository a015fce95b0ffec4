namespace ResilienceLab.Network;

/// <summary>
/// Delay added to every chunk travelling one way through a <see cref="FaultProxy"/>: uniformly in
/// [<see cref="Delay"/> − <see cref="Jitter"/>, <see cref="Delay"/> + <see cref="Jitter"/>], never negative, and
/// never reordering the bytes of a connection (a chunk is never delivered before the one read before it).
/// </summary>
/// <param name="Delay">The mean one-way delay.</param>
/// <param name="Jitter">The random spread (±) around <paramref name="Delay"/>.</param>
public readonly record struct ProxyLatency(TimeSpan Delay, TimeSpan Jitter)
{
    /// <summary>No added delay.</summary>
    public static ProxyLatency None => default;

    /// <summary>True when this adds no delay at all.</summary>
    public bool IsNone => Delay <= TimeSpan.Zero && Jitter <= TimeSpan.Zero;

    /// <summary>The problem with this latency in one sentence, or null when it is valid.</summary>
    public string? GetValidationError() =>
        Delay < TimeSpan.Zero ? $"latency {Delay} is negative: give a delay of 0 or more, e.g. 200ms."
        : Jitter < TimeSpan.Zero ? $"jitter {Jitter} is negative: give a spread of 0 or more, e.g. 50ms."
        : Delay > FaultProxyConstants.MaxLatency || Jitter > FaultProxyConstants.MaxLatency
            ? $"latency {Delay} ± {Jitter} is too large: each must be at most {FaultProxyConstants.MaxLatency}."
        : null;
}

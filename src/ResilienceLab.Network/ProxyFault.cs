namespace ResilienceLab.Network;

/// <summary>
/// Everything a <see cref="FaultProxy"/> is doing to its traffic at one moment: the connection-level fault and
/// the latency of each direction. Immutable; the proxy swaps it atomically.
/// </summary>
public sealed record ProxyFault
{
    /// <summary>A healthy proxy: bytes flow unchanged and undelayed.</summary>
    public static ProxyFault None { get; } = new();

    /// <summary>The connection-level fault.</summary>
    public ProxyFaultKind Kind { get; init; } = ProxyFaultKind.None;

    /// <summary>Delay of bytes from the client to the upstream.</summary>
    public ProxyLatency ToUpstream { get; init; } = ProxyLatency.None;

    /// <summary>Delay of bytes from the upstream to the client.</summary>
    public ProxyLatency ToClient { get; init; } = ProxyLatency.None;

    /// <summary>True when the proxy injects nothing.</summary>
    public bool IsHealthy => Kind == ProxyFaultKind.None && ToUpstream.IsNone && ToClient.IsNone;

    /// <summary>The latency of one direction (<see cref="ProxyDirection.ToUpstream"/> or <see cref="ProxyDirection.ToClient"/>).</summary>
    public ProxyLatency LatencyOf(ProxyDirection direction) => direction switch
    {
        ProxyDirection.ToUpstream => ToUpstream,
        ProxyDirection.ToClient => ToClient,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Give a single direction: ToUpstream or ToClient."),
    };

    /// <summary>This fault with <paramref name="latency"/> on the given direction(s).</summary>
    public ProxyFault WithLatency(ProxyLatency latency, ProxyDirection direction = ProxyDirection.Both) => this with
    {
        ToUpstream = direction.HasFlag(ProxyDirection.ToUpstream) ? latency : ToUpstream,
        ToClient = direction.HasFlag(ProxyDirection.ToClient) ? latency : ToClient,
    };

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>();
        if (Kind != ProxyFaultKind.None)
        {
            parts.Add(Kind.ToString().ToLowerInvariant());
        }

        if (!ToUpstream.IsNone)
        {
            parts.Add($"to-upstream {ToUpstream.Delay.TotalMilliseconds}ms±{ToUpstream.Jitter.TotalMilliseconds}ms");
        }

        if (!ToClient.IsNone)
        {
            parts.Add($"to-client {ToClient.Delay.TotalMilliseconds}ms±{ToClient.Jitter.TotalMilliseconds}ms");
        }

        return parts.Count == 0 ? "healthy" : string.Join(", ", parts);
    }
}

namespace ResilienceLab.Network;

/// <summary>What a <see cref="FaultProxy"/> (or a group's proxies, summed) has carried so far.</summary>
public sealed record FaultProxyStatistics
{
    /// <summary>Connections accepted from clients, including those reset at once by a <see cref="ProxyFaultKind.Reset"/> fault.</summary>
    public long ConnectionsAccepted { get; init; }

    /// <summary>Connections open right now (accepted and not yet closed).</summary>
    public long ConnectionsActive { get; init; }

    /// <summary>Connections closed with an RST because of a <see cref="ProxyFaultKind.Reset"/> fault (live or new).</summary>
    public long ConnectionsReset { get; init; }

    /// <summary>Connections reset because the upstream could not be reached (refused, unreachable, timed out).</summary>
    public long UpstreamConnectFailures { get; init; }

    /// <summary>Bytes written to the upstream; bytes held by a delay or a blackhole count once released and written.</summary>
    public long BytesToUpstream { get; init; }

    /// <summary>Bytes written to clients (same rule).</summary>
    public long BytesToClient { get; init; }

    /// <summary>The sum of two snapshots (for a group of proxies).</summary>
    public static FaultProxyStatistics operator +(FaultProxyStatistics left, FaultProxyStatistics right)
        => Add(left, right);

    /// <summary>The sum of two snapshots (named alternative to the + operator).</summary>
    public static FaultProxyStatistics Add(FaultProxyStatistics left, FaultProxyStatistics right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new()
        {
            ConnectionsAccepted = left.ConnectionsAccepted + right.ConnectionsAccepted,
            ConnectionsActive = left.ConnectionsActive + right.ConnectionsActive,
            ConnectionsReset = left.ConnectionsReset + right.ConnectionsReset,
            UpstreamConnectFailures = left.UpstreamConnectFailures + right.UpstreamConnectFailures,
            BytesToUpstream = left.BytesToUpstream + right.BytesToUpstream,
            BytesToClient = left.BytesToClient + right.BytesToClient,
        };
    }
}

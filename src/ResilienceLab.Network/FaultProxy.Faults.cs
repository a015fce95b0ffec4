namespace ResilienceLab.Network;

/// <summary>Fault control: every method is thread-safe and takes effect at once on live and new connections.</summary>
public sealed partial class FaultProxy
{
    /// <summary>What the proxy is injecting right now.</summary>
    public ProxyFault Fault => _faults.Current;

    /// <summary>Replaces the whole fault state (latency of both directions and the connection-level fault).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A latency or jitter is negative or above an hour.</exception>
    public void SetFault(ProxyFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        Apply(_ => fault);
    }

    /// <summary>
    /// Delays every chunk travelling in <paramref name="direction"/> by <paramref name="latency"/> ± <paramref name="jitter"/>
    /// (one way: with <see cref="ProxyDirection.Both"/> a request/response round trip pays it twice). Bytes of a
    /// connection are never reordered. Zero and zero removes the latency. Chunks already queued keep their delay.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or above an hour.</exception>
    public void SetLatency(TimeSpan latency, TimeSpan jitter = default, ProxyDirection direction = ProxyDirection.Both)
    {
        var value = new ProxyLatency(latency, jitter);
        var error = value.GetValidationError();
        if (error is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(latency), $"Fault proxy '{Name}': {error}");
        }

        Apply(fault => fault.WithLatency(value, direction));
    }

    /// <summary>
    /// Partitions the client from the upstream, the way a dropped-packets partition does: live connections stay
    /// open but no byte moves either way, and new connections are accepted but stall before the upstream is
    /// dialled. On <see cref="Heal"/> everything held flows again, in order (TCP would retransmit it).
    /// </summary>
    public void Blackhole() => Apply(fault => fault with { Kind = ProxyFaultKind.Blackhole });

    /// <summary>
    /// Closes every live connection with a TCP RST on both sides, and resets new connections as soon as they
    /// are accepted, until <see cref="Heal"/>. Bytes still queued in the proxy are dropped with the connection.
    /// </summary>
    public void Reset() => Apply(fault => fault with { Kind = ProxyFaultKind.Reset });

    /// <summary>Removes every fault and all latency: held bytes flow, new connections are forwarded.</summary>
    public void Heal() => Apply(_ => ProxyFault.None);

    private void Apply(Func<ProxyFault, ProxyFault> change)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var fault = _faults.Update(change);
        if (fault.Kind == ProxyFaultKind.Reset)
        {
            foreach (var (connection, _) in _connections.Values)
            {
                if (connection.Abort())
                {
                    _counters.ConnectionReset();
                }
            }
        }
    }
}

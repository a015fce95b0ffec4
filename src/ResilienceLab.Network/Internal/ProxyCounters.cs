namespace ResilienceLab.Network.Internal;

/// <summary>The live counters behind <see cref="FaultProxyStatistics"/>; updated from many connections at once.</summary>
internal sealed class ProxyCounters
{
    private long _accepted;
    private long _active;
    private long _reset;
    private long _connectFailures;
    private long _bytesToUpstream;
    private long _bytesToClient;

    public void ConnectionAccepted() => Interlocked.Increment(ref _accepted);

    public void ConnectionOpened() => Interlocked.Increment(ref _active);

    public void ConnectionClosed() => Interlocked.Decrement(ref _active);

    public void ConnectionReset() => Interlocked.Increment(ref _reset);

    public void UpstreamConnectFailed() => Interlocked.Increment(ref _connectFailures);

    public void BytesDelivered(ProxyDirection direction, int count)
    {
        if (direction == ProxyDirection.ToUpstream)
        {
            Interlocked.Add(ref _bytesToUpstream, count);
        }
        else
        {
            Interlocked.Add(ref _bytesToClient, count);
        }
    }

    public FaultProxyStatistics Snapshot() => new()
    {
        ConnectionsAccepted = Interlocked.Read(ref _accepted),
        ConnectionsActive = Interlocked.Read(ref _active),
        ConnectionsReset = Interlocked.Read(ref _reset),
        UpstreamConnectFailures = Interlocked.Read(ref _connectFailures),
        BytesToUpstream = Interlocked.Read(ref _bytesToUpstream),
        BytesToClient = Interlocked.Read(ref _bytesToClient),
    };
}

using System.Net.Sockets;

namespace ResilienceLab.Network.Internal;

/// <summary>
/// One accepted client connection and the upstream connection dialled for it, pumped both ways by two
/// <see cref="ProxyPump"/>s. Ends with an orderly close when both sides have sent FIN, or with an RST on both
/// sides when either fails, the proxy resets it, or the proxy is disposed.
/// </summary>
internal sealed class ProxyConnection
{
    private readonly Lock _gate = new();
    private readonly Socket _client;
    private readonly FaultProxyOptions _options;
    private readonly FaultSwitch _faults;
    private readonly ProxyCounters _counters;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _cancellation;
    private Socket? _upstream;
    private bool _aborted;
    private bool _finished;

    public ProxyConnection(Socket client, FaultProxyOptions options, FaultSwitch faults, ProxyCounters counters, TimeProvider time, CancellationToken proxyStopping)
    {
        _client = client;
        _options = options;
        _faults = faults;
        _counters = counters;
        _time = time;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(proxyStopping);
    }

    /// <summary>Runs the connection to its end; never throws.</summary>
    public async Task RunAsync()
    {
        var cancellationToken = _cancellation.Token;
        _counters.ConnectionOpened();
        try
        {
            // A partitioned client's connection is accepted (the kernel completes the handshake) but stalls here,
            // before the upstream is even dialled: the upstream must not see a connection the partition would hide.
            await _faults.WaitWhileBlackholedAsync(cancellationToken);
            if (_faults.Current.Kind == ProxyFaultKind.Reset)
            {
                if (Abort())
                {
                    _counters.ConnectionReset();
                }

                return;
            }

            var upstream = await ConnectUpstreamAsync(cancellationToken);
            if (upstream is null)
            {
                return;
            }

            var toUpstream = new ProxyPump(_client, upstream, ProxyDirection.ToUpstream, _faults, _counters, _time, _options);
            var toClient = new ProxyPump(upstream, _client, ProxyDirection.ToClient, _faults, _counters, _time, _options);
            var results = await Task.WhenAll(
                toUpstream.RunAsync(() => Abort(), cancellationToken),
                toClient.RunAsync(() => Abort(), cancellationToken));
            if (!results[0] || !results[1])
            {
                Abort();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            Abort();
        }
        finally
        {
            Finish();
            _counters.ConnectionClosed();
        }
    }

    /// <summary>Closes both sides with an RST at once. True if this call did it (false: already ended).</summary>
    public bool Abort()
    {
        Socket? upstream;
        lock (_gate)
        {
            if (_aborted || _finished)
            {
                return false;
            }

            _aborted = true;
            upstream = _upstream;
        }

        SocketTeardown.Reset(_client);
        if (upstream is not null)
        {
            SocketTeardown.Reset(upstream);
        }

        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection finished between the check above and here.
        }

        return true;
    }

    private async Task<Socket?> ConnectUpstreamAsync(CancellationToken cancellationToken)
    {
        var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        lock (_gate)
        {
            if (_aborted)
            {
                upstream.Dispose();
                return null;
            }

            _upstream = upstream;
        }

        try
        {
            using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await upstream.ConnectAsync(_options.UpstreamHost, _options.UpstreamPort, linked.Token);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Refused, unreachable or too slow: the client sees its connection reset, as a dead member's would fail.
            _counters.UpstreamConnectFailed();
            Abort();
            return null;
        }

        // A reset fault that arrived while dialling has already found this connection; this covers the one
        // that arrived just before it was registered.
        if (_faults.Current.Kind == ProxyFaultKind.Reset && Abort())
        {
            _counters.ConnectionReset();
            return null;
        }

        return upstream;
    }

    private void Finish()
    {
        Socket? upstream;
        bool aborted;
        lock (_gate)
        {
            aborted = _aborted;
            _finished = true;
            upstream = _upstream;
        }

        if (!aborted)
        {
            // Both directions sent FIN: an orderly close.
            _client.Dispose();
            upstream?.Dispose();
        }

        _cancellation.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ResilienceLab.Network.Internal;

namespace ResilienceLab.Network;

/// <summary>
/// A TCP proxy on 127.0.0.1 that forwards every accepted connection to one upstream, byte for byte in both
/// directions (so gRPC over HTTP/2 works through it), and injects network faults that can be changed at any time
/// from any thread: latency and jitter per direction, a blackhole (a partition that hangs), resets, and heal.
/// It stands in for <c>tc netem</c> and iptables, which these kernels lack. See <c>docs/network-faults.md</c>.
/// </summary>
/// <remarks>
/// Its loops run on the thread pool, never on the caller's <see cref="SynchronizationContext"/>; all delays run on
/// the injected <see cref="TimeProvider"/>. Dispose it to stop listening and reset every connection.
/// </remarks>
public sealed partial class FaultProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, (ProxyConnection Connection, Task Completion)> _connections = new();
    private readonly FaultSwitch _faults;
    private readonly ProxyCounters _counters = new();
    private readonly FaultProxyOptions _options;
    private readonly TimeProvider _time;
    private Task _acceptLoop = Task.CompletedTask;
    private long _nextConnectionId;
    private int _disposed;

    private FaultProxy(FaultProxyOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _faults = new FaultSwitch(options.Seed, time);
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, options.ListenPort));
            _listener.Listen(512);
        }
        catch (SocketException e)
        {
            _listener.Dispose();
            _stopping.Dispose();
            throw new InvalidOperationException(
                $"Fault proxy '{options.Name}' cannot listen on 127.0.0.1:{options.ListenPort}: {e.Message}. Use ListenPort = 0 to take a free port.", e);
        }

        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    /// <summary>The name given in the options (used in errors and reports).</summary>
    public string Name => _options.Name;

    /// <summary>Where clients connect: 127.0.0.1 and the port the proxy listens on.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The port the proxy listens on.</summary>
    public int Port => LocalEndPoint.Port;

    /// <summary>Where clients connect, as <c>127.0.0.1:port</c>.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Where connections are forwarded, as <c>host:port</c>.</summary>
    public string Upstream => new ProxyEndpoint(null, _options.UpstreamHost, _options.UpstreamPort).ToString();

    /// <summary>Starts a proxy: it listens before this returns, so clients may connect at once.</summary>
    /// <param name="options">Upstream and tuning; validated.</param>
    /// <param name="timeProvider">Clock of latency and connect timeouts; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">The listening port cannot be bound.</exception>
    public static FaultProxy Start(FaultProxyOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var proxy = new FaultProxy(options, timeProvider ?? TimeProvider.System);
        proxy._acceptLoop = ContextFreeStart.Start(proxy.AcceptLoopAsync);
        return proxy;
    }

    /// <summary>What the proxy has carried so far.</summary>
    public FaultProxyStatistics GetStatistics() => _counters.Snapshot();

    /// <summary>Stops listening, resets every connection, and waits until all of the proxy's tasks have ended.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _listener.Dispose();
        await _acceptLoop;

        // The accept loop has ended, so no connection can be added any more.
        var live = _connections.Values.ToList();
        foreach (var (connection, _) in live)
        {
            connection.Abort();
        }

        await Task.WhenAll(live.Select(c => c.Completion));
        _stopping.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Endpoint} → {Upstream}, {Fault})";

    private async Task AcceptLoopAsync()
    {
        var stopping = _stopping.Token;

        // Bounded by the proxy's lifetime: disposal cancels the accept and closes the listener.
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // A client that gave up while queued (ECONNABORTED) or a transient shortage (EMFILE): keep serving.
                await PauseAfterAcceptErrorAsync(stopping);
                continue;
            }

            _counters.ConnectionAccepted();
            client.NoDelay = true;
            if (_faults.Current.Kind == ProxyFaultKind.Reset)
            {
                _counters.ConnectionReset();
                SocketTeardown.Reset(client);
                continue;
            }

            Track(new ProxyConnection(client, _options, _faults, _counters, _time, stopping));
        }
    }

    private void Track(ProxyConnection connection)
    {
        var id = Interlocked.Increment(ref _nextConnectionId);

        // Registered before it runs, so that a reset arriving at any moment finds it (or it sees the reset itself).
        var run = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connections[id] = (connection, run.Task);
        _ = RunTrackedAsync(id, connection, run);
    }

    private async Task RunTrackedAsync(long id, ProxyConnection connection, TaskCompletionSource run)
    {
        try
        {
            await connection.RunAsync();
        }
        finally
        {
            _connections.TryRemove(id, out _);
            run.TrySetResult();
        }
    }

    private async Task PauseAfterAcceptErrorAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, stopping);
        }
        catch (OperationCanceledException)
        {
            // Disposal; the loop condition ends the loop.
        }
    }
}

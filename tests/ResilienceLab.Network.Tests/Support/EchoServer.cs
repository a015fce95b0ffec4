using System.Net;

namespace ResilienceLab.Network.Tests.Support;

/// <summary>
/// A TCP echo server on 127.0.0.1 (a free port): every connection gets back exactly what it sends, and a FIN
/// once the client has sent its own. Stands in for the upstream (an etcd member) in the proxy tests.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _gate = new();
    private readonly Task _acceptLoop;
    private int _accepted;

    public EchoServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Connections the server has accepted (i.e. that the proxy dialled).</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public FaultProxyOptions ProxyOptions() => new() { UpstreamHost = "127.0.0.1", UpstreamPort = Port, Name = "test-proxy" };

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Dispose();
        await _acceptLoop;
        Task[] connections;
        lock (_gate)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections).WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            lock (_gate)
            {
                _connections.Add(EchoAsync(client));
            }
        }
    }

    private async Task EchoAsync(Socket client)
    {
        using var _ = client;
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var n = await client.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (n == 0)
                {
                    client.Shutdown(SocketShutdown.Send);
                    return;
                }

                var sent = 0;
                while (sent < n)
                {
                    sent += await client.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None, _stopping.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The proxy reset the connection, or the server is stopping.
        }
    }
}

using Microsoft.Extensions.Time.Testing;
using ResilienceLab.Network.Tests.Support;
using Xunit.Abstractions;

namespace ResilienceLab.Network.Tests;

/// <summary>
/// The proxy between a loopback client and an <see cref="EchoServer"/>: forwarding, latency, blackhole, reset,
/// counters, disposal. Real sockets and the real clock, so every bound is generous; the one test that needs an
/// exact delay uses a <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed partial class FaultProxyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];
    private EchoServer _echo = null!;

    public Task InitializeAsync()
    {
        _echo = new EchoServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // Proxies first (they reset their connections), then the server they forward to.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await _echo.DisposeAsync();
    }

    private FaultProxy CreateSut(Action<FaultProxyOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = _echo.ProxyOptions();
        configure?.Invoke(options);
        var proxy = FaultProxy.Start(options, timeProvider);
        _owned.Add(proxy);
        return proxy;
    }

    private async Task<Socket> ConnectAsync(FaultProxy proxy)
    {
        var socket = await Loopback.ConnectAsync(proxy.Port);
        _owned.Add(new SocketOwner(socket));
        return socket;
    }

    /// <summary>
    /// A reset the proxy sends right after accepting reaches the client either while its connect completes or on
    /// its first read (the kernel finishes the handshake before the proxy accepts): both are "connection reset".
    /// </summary>
    private async Task<SocketError?> ConnectAndReadErrorAsync(FaultProxy proxy)
    {
        Socket socket;
        try
        {
            socket = await ConnectAsync(proxy);
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }

        return await Loopback.ReadErrorAsync(socket);
    }

    private static double Elapsed(long start) => TimeProvider.System.GetElapsedTime(start).TotalMilliseconds;

    private sealed class SocketOwner(Socket socket) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

using System.Net;
using ResilienceLab.Network.Tests.Support;

namespace ResilienceLab.Network.Tests;

public sealed partial class FaultProxyTests
{
    [Fact]
    public async Task GetStatistics_AfterEchoes_CountsConnectionsAndBytesEachWay()
    {
        var proxy = CreateSut();
        var clients = new List<Socket>();
        for (var i = 0; i < 3; i++)
        {
            var client = await ConnectAsync(proxy);
            await Loopback.RoundTripAsync(client, new byte[1000]);
            clients.Add(client);
        }

        var open = proxy.GetStatistics();
        foreach (var client in clients)
        {
            client.Shutdown(SocketShutdown.Send);
            await Loopback.ReadToEndAsync(client);
        }

        var closed = await WaitForAsync(proxy, s => s.ConnectionsActive == 0);
        Assert.Equal(3, open.ConnectionsAccepted);
        Assert.Equal(3, open.ConnectionsActive);
        Assert.Equal(3000, open.BytesToUpstream);
        Assert.Equal(3000, open.BytesToClient);
        Assert.Equal(0, closed.ConnectionsReset);
        Assert.Equal(0, closed.UpstreamConnectFailures);
    }

    [Fact]
    public async Task DisposeAsync_WithLiveAndStalledConnections_ResetsThemAndStopsListening()
    {
        var proxy = CreateSut();
        var live = await ConnectAsync(proxy);
        await Loopback.RoundTripAsync(live, Loopback.Bytes("live"));
        var slow = await ConnectAsync(proxy);
        await Loopback.RoundTripAsync(slow, Loopback.Bytes("slow"));
        proxy.SetLatency(TimeSpan.FromMinutes(10));
        await Loopback.SendAllAsync(slow, Loopback.Bytes("queued for ten minutes"));
        proxy.Blackhole();
        var stalled = await ConnectAsync(proxy);
        var port = proxy.Port;

        var start = TimeProvider.System.GetTimestamp();
        await proxy.DisposeAsync().AsTask().WaitAsync(Loopback.Generous, TimeProvider.System);
        output.WriteLine($"disposed with 3 connections in {Elapsed(start):F0} ms");

        Assert.Equal(SocketError.ConnectionReset, await Loopback.ReadErrorAsync(live));
        Assert.Equal(SocketError.ConnectionReset, await Loopback.ReadErrorAsync(slow));
        Assert.Equal(SocketError.ConnectionReset, await Loopback.ReadErrorAsync(stalled));
        var refused = await Assert.ThrowsAsync<SocketException>(() => Loopback.ConnectAsync(port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.Equal(0, proxy.GetStatistics().ConnectionsActive);
        Assert.Throws<ObjectDisposedException>(proxy.Heal);
    }

    [Fact]
    public void Start_InvalidOptions_ThrowsListingEveryProblem()
    {
        var options = new FaultProxyOptions { Name = "replica-1→etcd-0", UpstreamHost = "", UpstreamPort = 0, BufferSize = 10 };

        var error = Assert.Throws<ArgumentException>(() => FaultProxy.Start(options));

        Assert.Contains("'replica-1→etcd-0'", error.Message, StringComparison.Ordinal);
        Assert.Contains("UpstreamHost is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("UpstreamPort = 0 is out of range", error.Message, StringComparison.Ordinal);
        Assert.Contains("BufferSize = 10 is out of range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_PortInUse_ThrowsNamingThePortAndTheFix()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        squatter.Listen();
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;

        var error = Assert.Throws<InvalidOperationException>(() => CreateSut(o => o.ListenPort = port));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("ListenPort = 0", error.Message, StringComparison.Ordinal);
    }

    private static async Task<FaultProxyStatistics> WaitForAsync(FaultProxy proxy, Func<FaultProxyStatistics, bool> condition)
    {
        // Bounded: 150 polls × 100 ms.
        for (var i = 0; i < 150; i++)
        {
            var statistics = proxy.GetStatistics();
            if (condition(statistics))
            {
                return statistics;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }

        throw new TimeoutException($"The proxy's statistics never met the condition; last: {proxy.GetStatistics()}");
    }
}

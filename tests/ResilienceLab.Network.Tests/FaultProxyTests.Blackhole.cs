using ResilienceLab.Network.Tests.Support;

namespace ResilienceLab.Network.Tests;

public sealed partial class FaultProxyTests
{
    [Fact]
    public async Task Blackhole_LiveConnection_StallsUntilHealThenDeliversTheHeldBytes()
    {
        var proxy = CreateSut();
        var client = await ConnectAsync(proxy);
        await Loopback.RoundTripAsync(client, Loopback.Bytes("before"));

        proxy.Blackhole();
        await Loopback.SendAllAsync(client, Loopback.Bytes("during"));
        var buffer = new byte[64];
        var read = await Loopback.AssertNothingArrivesAsync(client, buffer, TimeSpan.FromSeconds(1));
        proxy.Heal();

        var n = await read.WaitAsync(Loopback.Generous, TimeProvider.System);
        var rest = n < 6 ? await Loopback.ReadExactlyAsync(client, 6 - n) : [];
        Assert.Equal("during", System.Text.Encoding.UTF8.GetString([.. buffer.AsSpan(0, n), .. rest]));
        Assert.Equal(ProxyFaultKind.None, proxy.Fault.Kind);
    }

    [Fact]
    public async Task Blackhole_NewConnection_IsAcceptedButNeverReachesTheUpstreamUntilHeal()
    {
        var proxy = CreateSut();
        proxy.Blackhole();

        var client = await ConnectAsync(proxy);
        await Loopback.SendAllAsync(client, Loopback.Bytes("hello"));
        var buffer = new byte[64];
        var read = await Loopback.AssertNothingArrivesAsync(client, buffer, TimeSpan.FromSeconds(1));
        Assert.Equal(0, _echo.Accepted);
        Assert.Equal(1, proxy.GetStatistics().ConnectionsAccepted);
        proxy.Heal();

        var n = await read.WaitAsync(Loopback.Generous, TimeProvider.System);
        Assert.True(n > 0);
        Assert.Equal(1, _echo.Accepted);
    }

    [Fact]
    public async Task Blackhole_ThenReset_ResetsTheStalledConnection()
    {
        var proxy = CreateSut();
        var client = await ConnectAsync(proxy);
        await Loopback.RoundTripAsync(client, Loopback.Bytes("before"));
        proxy.Blackhole();

        proxy.Reset();

        Assert.Equal(SocketError.ConnectionReset, await Loopback.ReadErrorAsync(client));
    }
}

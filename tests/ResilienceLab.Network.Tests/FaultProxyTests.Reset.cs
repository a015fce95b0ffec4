using ResilienceLab.Network.Tests.Support;

namespace ResilienceLab.Network.Tests;

public sealed partial class FaultProxyTests
{
    [Fact]
    public async Task Reset_LiveConnection_ClientSeesConnectionReset()
    {
        var proxy = CreateSut();
        var client = await ConnectAsync(proxy);
        await Loopback.RoundTripAsync(client, Loopback.Bytes("before"));

        proxy.Reset();

        Assert.Equal(SocketError.ConnectionReset, await Loopback.ReadErrorAsync(client));
        Assert.Equal(1, proxy.GetStatistics().ConnectionsReset);
    }

    [Fact]
    public async Task Reset_NewConnectionsWhileFaultLasts_AreResetAndHealRestoresService()
    {
        var proxy = CreateSut();
        proxy.Reset();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SocketError.ConnectionReset, await ConnectAndReadErrorAsync(proxy));
        }

        proxy.Heal();
        var client = await ConnectAsync(proxy);
        var echoed = await Loopback.RoundTripAsync(client, Loopback.Bytes("after"));

        Assert.Equal("after", System.Text.Encoding.UTF8.GetString(echoed));
        Assert.Equal(3, proxy.GetStatistics().ConnectionsReset);
        Assert.Equal(1, _echo.Accepted);
    }
}

using ResilienceLab.Hosting;
using System.Security.Cryptography;
using ResilienceLab.Coordination;
using ResilienceLab.Network.Tests.Support;

namespace ResilienceLab.Network.Tests;

public sealed partial class FaultProxyTests
{
    [Fact]
    public async Task Forward_LargePayload_ArrivesUnchangedBothWays()
    {
        var proxy = CreateSut();
        var payload = new byte[16 * 1024 * 1024];
        FillRandom(payload, 42);
        var client = await ConnectAsync(proxy);

        var start = TimeProvider.System.GetTimestamp();
        var echoed = Loopback.ReadToEndAsync(client, TimeSpan.FromSeconds(60));
        await Loopback.SendAllAsync(client, payload);
        client.Shutdown(SocketShutdown.Send);
        var received = await echoed;
        var ms = Math.Max(1.0, Elapsed(start));

        Assert.Equal(payload.Length, received.Length);
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(received));
        output.WriteLine($"16 MiB each way through the proxy in {ms:F0} ms: {2 * 16.0 * 1000 / ms:F0} MiB/s (both directions counted)");
    }

    [Fact]
    public async Task Forward_ManyConcurrentConnections_EachGetsItsOwnBytesBack()
    {
        const int connections = 64;
        const int size = 256 * 1024;
        var proxy = CreateSut();

        var results = await Task.WhenAll(Enumerable.Range(0, connections).Select(async i =>
        {
            var payload = new byte[size];
            FillRandom(payload, i);
            var client = await ConnectAsync(proxy);
            var echoed = Loopback.ReadToEndAsync(client, TimeSpan.FromSeconds(60));
            await Loopback.SendAllAsync(client, payload);
            client.Shutdown(SocketShutdown.Send);
            var received = await echoed;
            return payload.AsSpan().SequenceEqual(received);
        }));

        Assert.All(results, Assert.True);
        Assert.Equal(connections, _echo.Accepted);
    }

    [Fact]
    public async Task Forward_UpstreamNotListening_ClientConnectionIsReset()
    {
        var deadPort = FreePorts.Allocate(1)[0];
        var proxy = CreateSut(o => o.UpstreamPort = deadPort);

        var error = await ConnectAndReadErrorAsync(proxy);

        Assert.Equal(SocketError.ConnectionReset, error);
        Assert.Equal(1, proxy.GetStatistics().UpstreamConnectFailures);
    }

    private static void FillRandom(byte[] buffer, long seed)
    {
        var random = new DeterministicRandom(seed);
        for (var i = 0; i + 8 <= buffer.Length; i += 8)
        {
            BitConverter.TryWriteBytes(buffer.AsSpan(i), random.NextUInt64());
        }
    }
}

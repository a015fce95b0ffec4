using System.Net;
using System.Net.Sockets;
using ResilienceLab.Coordination.Nats;
using ResilienceLab.Hosting;

namespace ResilienceLab.Coordination.Tests.Nats;

public sealed class NatsServerProcessTests
{
    [Fact]
    public async Task RestartAsync_AfterKill_SamePortAndTheBucketsSurvive()
    {
        await using var server = await NatsServerProcess.StartAsync();
        var directory = server.Directory;
        await using (var backend = new NatsCoordinationBackend(new NatsBackendOptions { Url = server.Url, CallTimeout = TimeSpan.FromSeconds(3) }))
        {
            await backend.PutAsync("/tasks/0", "5");
        }

        await server.KillAsync();
        Assert.False(server.IsRunning);
        await server.RestartAsync();

        await using (var backend = new NatsCoordinationBackend(new NatsBackendOptions { Url = server.Url, CallTimeout = TimeSpan.FromSeconds(3) }))
        {
            Assert.Equal("5", (await backend.ReadAsync("/tasks/0")).Single?.Value);
        }

        await server.DisposeAsync();
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task StartAsync_MissingBinary_ThrowsSayingHowToInstall()
    {
        var error = await Assert.ThrowsAsync<NatsStartException>(() => NatsServerProcess.StartAsync(new NatsServerOptions { ServerPath = "/nonexistent/nats-server" }));

        Assert.Contains("apt-get install nats-server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_FreePortTakenBeforeTheServerBinds_StartsOnAFreshPort()
    {
        var ports = FreePorts.Allocate(2);
        var taken = new TcpListener(IPAddress.Loopback, ports[0]);
        taken.Start();
        try
        {
            var handedOut = new List<int>();
            int NextPort()
            {
                handedOut.Add(ports[handedOut.Count]);
                return handedOut[^1];
            }

            await using var server = await NatsServerProcess.StartAsync(new NatsServerOptions(), NextPort, CancellationToken.None);

            Assert.Equal(ports, handedOut);
            Assert.Equal(ports[1], server.Port);
            Assert.True(server.IsRunning);
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public async Task StartAsync_GivenPortTaken_ThrowsAPortConflictWithoutMovingToAnotherPort()
    {
        var port = FreePorts.Allocate(1)[0];
        var taken = new TcpListener(IPAddress.Loopback, port);
        taken.Start();
        try
        {
            var error = await Assert.ThrowsAsync<NatsStartException>(() => NatsServerProcess.StartAsync(new NatsServerOptions { Port = port }));

            Assert.True(error.IsPortConflict);
            Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
            Assert.Contains("address already in use", error.OutputTail, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }
}

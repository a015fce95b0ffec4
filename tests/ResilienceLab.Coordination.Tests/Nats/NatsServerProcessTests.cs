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
}
